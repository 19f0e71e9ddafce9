import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { sha256Hex } from '../../core/evidence.ts';
import { NamedError } from '../named-error.ts';
import type { EvidenceStore, PutLock, StoredObject } from './port.ts';

export interface S3EvidenceStoreOptions {
  client: S3Client;
  bucket: string;
  retentionDays: number;
  lockMode: 'GOVERNANCE' | 'COMPLIANCE';
  now: () => Date;
  /** Customer managed key; the bucket default KMS key when omitted. */
  kmsKeyId?: string;
}

const DAY_MS = 86_400_000;

function isPreconditionFailed(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'PreconditionFailed' || e?.$metadata?.httpStatusCode === 412;
}

function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/**
 * Evidence in an S3 bucket with Object Lock. Every object is written once (If-None-Match: *) with a
 * SHA-256 checksum S3 verifies on arrival, KMS encryption and a retention date.
 */
export class S3EvidenceStore implements EvidenceStore {
  private readonly opts: S3EvidenceStoreOptions;

  constructor(opts: S3EvidenceStoreOptions) {
    this.opts = opts;
  }

  async put(key: string, body: Uint8Array, contentType: string, lock: PutLock = {}): Promise<StoredObject> {
    const sha256 = sha256Hex(body);
    const retainUntil = new Date(this.opts.now().getTime() + this.opts.retentionDays * DAY_MS);
    try {
      const out = await this.opts.client.send(
        new PutObjectCommand({
          Bucket: this.opts.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ChecksumSHA256: hexToBase64(sha256),
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: this.opts.kmsKeyId,
          ObjectLockMode: this.opts.lockMode,
          ObjectLockRetainUntilDate: retainUntil,
          ...(lock.legalHold ? { ObjectLockLegalHoldStatus: 'ON' as const } : {}),
          IfNoneMatch: '*',
        }),
      );
      return { key, sha256, size: body.byteLength, versionId: out.VersionId };
    } catch (err) {
      if (!isPreconditionFailed(err)) throw err;
      return this.existing(key, sha256);
    }
  }

  /** The key is taken: a re-delivery of the same bytes is fine, anything else is a conflict. */
  private async existing(key: string, sha256: string): Promise<StoredObject> {
    const head = await this.opts.client.send(
      new HeadObjectCommand({ Bucket: this.opts.bucket, Key: key, ChecksumMode: 'ENABLED' }),
    );
    let found: string;
    if (head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-')) {
      found = Buffer.from(head.ChecksumSHA256, 'base64').toString('hex');
    } else {
      // Written without a full-object SHA-256 (by hand, or multipart): hash the bytes ourselves.
      found = sha256Hex(await this.get(key));
    }
    if (found !== sha256) {
      throw new NamedError(
        'EvidenceConflict',
        `${key} already exists with different content (sha256 ${found})`,
      );
    }
    return { key, sha256, size: head.ContentLength ?? 0, versionId: head.VersionId };
  }

  async get(key: string): Promise<Uint8Array> {
    const out = await this.opts.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: key }));
    if (!out.Body) return new Uint8Array();
    return out.Body.transformToByteArray();
  }

  async setLegalHold(key: string, on: boolean): Promise<void> {
    await this.opts.client.send(
      new PutObjectLegalHoldCommand({
        Bucket: this.opts.bucket,
        Key: key,
        LegalHold: { Status: on ? 'ON' : 'OFF' },
        ChecksumAlgorithm: 'SHA256',
      }),
    );
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.opts.client.send(
        new ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}
