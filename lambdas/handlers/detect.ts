import { detectInLogs } from '../actions/detect.ts';
import { parseAuthLog } from '../core/ingest/index.ts';
import { decodeSubscription, SubscriptionEventSchema } from '../core/log-subscription.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/**
 * CloudWatch Logs subscription target: decode the delivery, read the sign-in records, detect, and publish
 * `riposte.detection` events. Window state lives in DynamoDB, so attacks spread over deliveries are seen.
 */
export const definition = defineHandler({
  name: 'detect',
  input: SubscriptionEventSchema,
  run: async (event, deps) => {
    const payload = decodeSubscription(event);
    if (payload.messageType === 'CONTROL_MESSAGE') return { control: true };
    return detectInLogs(payload, (text) => parseAuthLog(text), deps);
  },
});

export const handler = lambdaEntry(definition);
