/** One notice to one account's owner. */
export interface UserNotice {
  incidentId: string;
  /** The account, as the identity provider names it. */
  user: string;
  /** Where SES sends it; the EventBridge channel needs none (the application knows its user). */
  to?: string;
  template: string;
  locale: string;
  subject: string;
  body: string;
}

/**
 * Delivers notices to users: Amazon SES v2, an EventBridge event for the application's own channel, or
 * `.eml` files locally. Errors keep SES's names (BadRequestException, MessageRejected, TooManyRequestsException…).
 */
export interface NoticeSender {
  readonly channel: 'ses' | 'eventbridge' | 'local';
  send(notice: UserNotice): Promise<{ messageId: string }>;
}
