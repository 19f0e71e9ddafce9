export interface Page {
  /** SNS subjects are at most 100 printable ASCII characters. */
  subject: string;
  /** SNS messages are at most 256 KB (UTF-8). */
  message: string;
  /** Deduplication hint: the same key is one logical page (used for idempotency, not sent to SNS as text). */
  key: string;
}

/** Pages the incident response team (SNS on AWS). Errors keep SNS's names, e.g. InvalidParameterException. */
export interface Pager {
  publish(page: Page): Promise<{ messageId: string }>;
}
