export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
  versionId?: string;
}

/** Object Lock on top of the retention every object gets: a legal hold stays until lifted by hand. */
export interface PutLock {
  legalHold?: boolean;
}

/**
 * Write-once evidence storage (S3 with Object Lock on AWS, a folder laid out like the bucket locally).
 * `put` refuses to overwrite an existing key with different bytes (error name EvidenceConflict).
 */
export interface EvidenceStore {
  put(key: string, body: Uint8Array, contentType: string, lock?: PutLock): Promise<StoredObject>;
  get(key: string): Promise<Uint8Array>;
  list(prefix: string): Promise<string[]>;
  /** Put (true) or lift (false) an Object Lock legal hold on a stored object. */
  setLegalHold(key: string, on: boolean): Promise<void>;
}
