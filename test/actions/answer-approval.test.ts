import { Readable } from 'node:stream';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SfnTaskAnswers } from '../../lambdas/adapters/approvals/sfn.ts';
import { definition } from '../../lambdas/handlers/answer-approval.ts';
import type { Deps } from '../../lambdas/platform/deps.ts';
import { type LocalDynamo, startDynamo } from '../../lib/local/dynamo.ts';
import { buildWorld, T0 } from '../support/deps.ts';

/** A real SFN client whose HTTP layer records the requests and answers like Step Functions. */
function recordingSfn(answer: (action: string) => { status: number; body: unknown }) {
  const seen: { action: string; body: Record<string, unknown> }[] = [];
  const client = new SFNClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: unknown }) {
        const action = (request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
        const text =
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array);
        seen.push({ action, body: JSON.parse(text) });
        const reply = answer(action);
        return {
          response: {
            statusCode: reply.status,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(reply.body))]),
          },
        };
      },
    },
  });
  return { client, seen };
}

const CALLER = 'arn:aws:sts::123456789012:assumed-role/Responder/alice';
const urlEvent = (body: unknown, caller: string | null = CALLER) => ({
  body: JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: caller ? { authorizer: { iam: { userArn: caller } } } : {},
});
const context = { awsRequestId: 'r1' } as never;

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(() => dynamo.close());

async function callback(answer: (action: string) => { status: number; body: unknown }) {
  const world = await buildWorld(dynamo);
  const sfn = recordingSfn(answer);
  const deps = Object.create(world.deps, { taskAnswers: { value: new SfnTaskAnswers(sfn.client) } }) as Deps;
  return { world, sfn, invoke: definition.bind(deps) };
}

describe('the authenticated approval callback', () => {
  it('answers with SendTaskFailure for a denial and records the verified caller on the incident', async () => {
    const { world, sfn, invoke } = await callback(() => ({ status: 200, body: {} }));
    await world.incidents.rememberApproval('token-1', 'INC-1', T0.toISOString());
    const out = (await invoke(
      urlEvent({ taskToken: 'token-1', decision: 'deny', reason: 'VIP is travelling, expected' }),
      context,
    )) as { statusCode: number };
    expect(out.statusCode).toBe(200);
    expect(sfn.seen).toEqual([
      {
        action: 'SendTaskFailure',
        body: {
          taskToken: 'token-1',
          error: 'ApprovalDenied',
          cause: `denied by ${CALLER}: VIP is travelling, expected`,
        },
      },
    ]);
    const [entry] = await world.incidents.timeline('INC-1');
    expect(entry).toMatchObject({ action: 'deny', actor: `human/${CALLER}` });
  });

  it('refuses an unauthenticated call and a malformed answer without touching Step Functions', async () => {
    const { sfn, invoke } = await callback(() => ({ status: 200, body: {} }));
    expect(
      await invoke(urlEvent({ taskToken: 't', decision: 'approve', reason: 'ok!' }, null), context),
    ).toMatchObject({ statusCode: 403 });
    const bad = (await invoke(urlEvent({ taskToken: 't', decision: 'maybe', reason: 'ok!' }), context)) as {
      statusCode: number;
      body: string;
    };
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('decision');
    expect(sfn.seen).toEqual([]);
  });

  it('says 410 when the wait is over (the token timed out)', async () => {
    const { invoke } = await callback(() => ({
      status: 400,
      body: { __type: 'com.amazonaws.swf.service.v2.model#TaskTimedOut', message: 'Task Timed Out' },
    }));
    const out = (await invoke(
      urlEvent({ taskToken: 'old', decision: 'approve', reason: 'late yes' }),
      context,
    )) as { statusCode: number; body: string };
    expect(out.statusCode).toBe(410);
    expect(out.body).toContain('TaskTimedOut');
  });
});
