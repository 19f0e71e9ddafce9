import { z } from 'zod';
import { recordNoticeEvent } from '../actions/notices.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/** SES's bounce and complaint events, as its configuration set's EventBridge destination delivers them. */
const recipient = z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() }).loose();
export const definition = defineHandler({
  name: 'record-notice-event',
  input: z
    .object({
      detail: z
        .object({
          eventType: z.string(),
          mail: z
            .object({ messageId: z.string(), tags: z.record(z.string(), z.array(z.string())).optional() })
            .loose(),
          bounce: z
            .object({
              bounceType: z.string().optional(),
              bounceSubType: z.string().optional(),
              bouncedRecipients: z.array(recipient).optional(),
            })
            .loose()
            .optional(),
          complaint: z
            .object({ complainedRecipients: z.array(recipient).optional() })
            .loose()
            .optional(),
        })
        .loose(),
    })
    .loose()
    .transform((e) => e.detail),
  run: recordNoticeEvent,
});

export const handler = lambdaEntry(definition);
