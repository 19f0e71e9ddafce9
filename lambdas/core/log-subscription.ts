import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { InvalidInputError, parseInput } from './validate.ts';

/** What a CloudWatch Logs subscription filter delivers to Lambda, once decoded. */
export const SubscriptionPayloadSchema = z.object({
  messageType: z.enum(['DATA_MESSAGE', 'CONTROL_MESSAGE']),
  logGroup: z.string().default(''),
  logStream: z.string().default(''),
  logEvents: z
    .array(z.object({ id: z.string().default(''), timestamp: z.number(), message: z.string() }))
    .default([]),
});
export type SubscriptionPayload = z.output<typeof SubscriptionPayloadSchema>;

export const SubscriptionEventSchema = z.object({ awslogs: z.object({ data: z.string().min(1) }) });

/** Decode `awslogs.data`: base64 of a gzip of the JSON payload. Throws InvalidInput naming what is wrong. */
export function decodeSubscription(event: z.output<typeof SubscriptionEventSchema>): SubscriptionPayload {
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
  } catch (error) {
    throw new InvalidInputError(`awslogs.data: not base64 of gzipped JSON (${(error as Error).message})`);
  }
  return parseInput(SubscriptionPayloadSchema, json, 'awslogs.data');
}

/** Encode records the way CloudWatch Logs delivers them (the local runtime and tests feed the detect function). */
export function encodeSubscription(
  logGroup: string,
  messages: readonly { timestamp: number; message: string }[],
) {
  const payload: SubscriptionPayload = {
    messageType: 'DATA_MESSAGE',
    logGroup,
    logStream: 'local',
    logEvents: messages.map((m, i) => ({ id: String(i), ...m })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}
