import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { NamedError } from '../named-error.ts';
import type { NoticeSender, UserNotice } from './port.ts';

export interface SesNoticeOptions {
  client: SESv2Client;
  /** A verified identity. */
  from?: string;
  /** Its event destination sends bounces and complaints to EventBridge, where riposte records them. */
  configurationSet: string;
}

/** Amazon SES v2 SendEmail: plain text, UTF-8, in riposte's configuration set, tagged with incident and template. */
export class SesNoticeSender implements NoticeSender {
  readonly channel = 'ses' as const;
  constructor(private readonly options: SesNoticeOptions) {}

  async send(notice: UserNotice): Promise<{ messageId: string }> {
    if (!this.options.from)
      throw new NamedError(
        'NotConfigured',
        'notices.from (a verified SES identity) must be configured to send',
      );
    if (!notice.to) throw new NamedError('BadRequestException', `no address for ${notice.user}`);
    const out = await this.options.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: [notice.to] },
        Content: {
          Simple: {
            Subject: { Data: notice.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: notice.body, Charset: 'UTF-8' } },
          },
        },
        ConfigurationSetName: this.options.configurationSet,
        // Tag values: letters, digits, '_' and '-' only; bounces carry them back to the incident.
        EmailTags: [
          { Name: 'incident', Value: notice.incidentId },
          { Name: 'template', Value: notice.template },
        ],
      }),
    );
    return { messageId: String(out.MessageId) };
  }
}
