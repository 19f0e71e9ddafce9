import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { NamedError } from '../named-error.ts';
import type { NoticeSender, UserNotice } from './port.ts';

export const NOTICE_SOURCE = 'riposte.notice';
export const NOTICE_DETAIL_TYPE = 'User notice approved';

/** The application's own channel: one `riposte.notice` event per notice on the default bus, for its rule. */
export class EventBridgeNoticeSender implements NoticeSender {
  readonly channel = 'eventbridge' as const;
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName = 'default',
  ) {}

  async send(notice: UserNotice): Promise<{ messageId: string }> {
    const { Entries = [] } = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: NOTICE_SOURCE,
            DetailType: NOTICE_DETAIL_TYPE,
            EventBusName: this.eventBusName,
            Resources: [],
            Detail: JSON.stringify(notice),
          },
        ],
      }),
    );
    const [entry] = Entries;
    if (!entry?.EventId)
      throw new NamedError(entry?.ErrorCode ?? 'InternalException', entry?.ErrorMessage ?? 'no event id');
    return { messageId: entry.EventId };
  }
}
