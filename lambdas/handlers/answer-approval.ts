import { z } from 'zod';
import { answerApproval } from '../actions/answer-approval.ts';
import { parseInput } from '../core/validate.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/** The function URL's request (AWS_IAM auth: the caller is signed and named in requestContext). */
const UrlEvent = z.looseObject({
  body: z.string().default(''),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.looseObject({
    authorizer: z.looseObject({ iam: z.looseObject({ userArn: z.string().min(1) }) }).optional(),
  }),
});

const Answer = z.object({
  taskToken: z.string().min(1).max(1024),
  decision: z.enum(['approve', 'deny']),
  reason: z.string().min(3).max(512),
});

const reply = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The authenticated approval callback: a Lambda function URL with AWS_IAM auth, so only principals granted
 * lambda:InvokeFunctionUrl can answer, and the answer names who they are.
 */
export const definition = defineHandler({
  name: 'answer-approval',
  input: UrlEvent,
  run: async (event, deps) => {
    const caller = event.requestContext.authorizer?.iam.userArn;
    if (!caller) return reply(403, { error: 'the caller is not authenticated with AWS_IAM' });
    try {
      const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const answer = parseInput(Answer, JSON.parse(text || '{}'));
      return reply(200, await answerApproval({ ...answer, by: caller }, deps));
    } catch (error) {
      const name = (error as Error).name;
      const status =
        name === 'InvalidInput' || name === 'SyntaxError'
          ? 400
          : name === 'TaskTimedOut' || name === 'InvalidToken'
            ? 410
            : 500;
      return reply(status, { error: `${name}: ${(error as Error).message}` });
    }
  },
});

export const handler = lambdaEntry(definition);
