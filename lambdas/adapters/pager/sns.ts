import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { checkMessage, sanitizeSubject } from './limits.ts';
import type { Page, Pager } from './port.ts';

export interface SnsPagerOptions {
  client: SNSClient;
  topicArn: string;
}

/** Publishes pages to an SNS topic. The page key is for idempotency upstream and is not sent. */
export class SnsPager implements Pager {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(opts: SnsPagerOptions) {
    this.client = opts.client;
    this.topicArn = opts.topicArn;
  }

  async publish(page: Page): Promise<{ messageId: string }> {
    // Validate first: a rejected publish would otherwise burn a retry on a page that can never go out.
    checkMessage(page.message);
    const out = await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: sanitizeSubject(page.subject),
        Message: page.message,
      }),
    );
    if (!out.MessageId) throw new Error('SNS Publish returned no MessageId');
    return { messageId: out.MessageId };
  }
}
