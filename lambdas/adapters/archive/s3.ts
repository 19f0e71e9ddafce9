import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ArchivePage, LogArchive } from './port.ts';

/** Log archives read with ListObjectsV2 (one page per call) and GetObject. */
export class S3LogArchive implements LogArchive {
  constructor(private readonly client: S3Client) {}

  async listPage(
    bucket: string,
    prefix: string,
    window: { start: Date; end: Date },
    cursor: string | undefined,
  ): Promise<ArchivePage> {
    const page = await this.client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: cursor }),
    );
    const objects = (page.Contents ?? [])
      .filter((o) => o.Key !== undefined && o.LastModified !== undefined)
      .filter((o) => inWindow(o.LastModified as Date, window))
      .map((o) => ({
        key: o.Key as string,
        lastModified: (o.LastModified as Date).toISOString(),
        size: o.Size ?? 0,
        ...(o.ETag ? { etag: o.ETag.replace(/"/g, '') } : {}),
      }));
    return {
      objects,
      ...(page.IsTruncated && page.NextContinuationToken ? { cursor: page.NextContinuationToken } : {}),
    };
  }

  async get(bucket: string, key: string): Promise<Uint8Array> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body ? out.Body.transformToByteArray() : new Uint8Array();
  }
}

export function inWindow(at: Date, window: { start: Date; end: Date }): boolean {
  return at.getTime() >= window.start.getTime() && at.getTime() <= window.end.getTime();
}
