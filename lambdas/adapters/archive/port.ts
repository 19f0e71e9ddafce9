/** An object where logs already land in S3 (WAF, CloudTrail, ALB deliveries). */
export interface ArchivedObject {
  key: string;
  lastModified: string;
  size: number;
  /** S3's ETag (MD5 for single-part uploads): lets an examiner tie the copy to the original. */
  etag?: string;
}

export interface ArchivePage {
  objects: ArchivedObject[];
  /** Where the listing continues; absent when the prefix is listed whole. */
  cursor?: string;
}

/**
 * Read access to log archives in S3 buckets, by prefix and delivery time. Errors keep S3's names
 * (NoSuchBucket, AccessDenied, NoSuchKey).
 */
export interface LogArchive {
  /** One listing page of the objects under `prefix` last modified within the window. */
  listPage(
    bucket: string,
    prefix: string,
    window: { start: Date; end: Date },
    cursor: string | undefined,
  ): Promise<ArchivePage>;
  get(bucket: string, key: string): Promise<Uint8Array>;
}
