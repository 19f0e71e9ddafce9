import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCost } from '../../lib/cost/estimate.ts';
import { allStates } from '../../lib/local/asl.ts';
import type { ExecutionRecord, LocalRuntime } from '../../lib/local/runtime.ts';
import { detection, startRuntime } from '../support/local.ts';

let runtime: LocalRuntime;
let execution: ExecutionRecord;

beforeAll(async () => {
  runtime = await startRuntime();
  const { started } = await runtime.deliver(detection('usage-1'));
  const name = String(started[0]?.executionName);
  const record = runtime.executions.get(name);
  if (!record) throw new Error(`no execution ${name}`);
  execution = record;
});
afterAll(() => runtime.close());

describe('usage counted from what the local runtime did', () => {
  it('bills one state transition per state entered or retried in the execution history', () => {
    const history = execution.history ?? [];
    expect(execution.status).toBe('SUCCEEDED');
    expect(history.length).toBeGreaterThan(5);
    expect(execution.usage?.stepFunctions).toEqual({ executions: 1, stateTransitions: history.length });
    // Every state in the history is a state of the synthesized machine.
    const definition = (runtime as unknown as { machine(p: string): { definition: never } }).machine(
      execution.playbook,
    ).definition;
    const states = new Map(allStates(definition));
    for (const entry of history) expect(states.has(String(entry.state))).toBe(true);
  });

  it('counts one Lambda invocation per Task entered, plus the WAF writer batches the queue delivered', () => {
    const usage = execution.usage;
    if (!usage) throw new Error('no usage');
    const definition = (runtime as unknown as { machine(p: string): { definition: never } }).machine(
      execution.playbook,
    ).definition;
    const states = new Map(allStates(definition));
    const tasks = (execution.history ?? []).filter(
      (e) => states.get(String(e.state))?.Type === 'Task',
    ).length;
    const batches = (usage.sqs.requests - Math.ceil(usage.sqs.messages / 10)) / 2;
    expect(usage.sqs.messages).toBeGreaterThan(0);
    expect(usage.lambda.invocations).toBe(tasks + batches);
    expect(usage.lambda.gbSeconds).toBeCloseTo((usage.lambda.billedMs / 1000) * 0.5, 6);
  });

  it('counts DynamoDB requests with the capacity units of their items, and the AWS port calls', () => {
    const usage = execution.usage;
    if (!usage) throw new Error('no usage');
    expect(usage.dynamodb.requests).toBeGreaterThan(0);
    expect(usage.dynamodb.writeRequestUnits).toBeGreaterThanOrEqual(1);
    expect(usage.dynamodb.readRequestUnits).toBeGreaterThan(0);
    expect(usage.sns.publishes).toBe(runtime.adapters.topic.pages().length);
    expect(usage.waf.ipSetWrites).toBeGreaterThanOrEqual(1);
    expect(usage.kms.signs).toBe(1);
    expect(usage.s3.putRequests).toBeGreaterThan(0);
  });

  it('adds nothing for a re-delivered alert but the start-playbook call, and prices what it counted', async () => {
    const before = runtime.usage.snapshot();
    await runtime.deliver(detection('usage-1'));
    const after = runtime.usage.snapshot();
    expect(after.stepFunctions).toEqual(before.stepFunctions);
    expect(after.lambda.invocations).toBe(before.lambda.invocations + 1);
    const cost = estimateCost(after);
    expect(cost.usd).toBeGreaterThan(0);
    expect(cost.usd).toBeCloseTo(
      cost.items.reduce((sum, i) => sum + i.usd, 0),
      8,
    );
    expect(cost.items.find((i) => i.item === 'stepFunctions.stateTransitions')?.quantity).toBe(
      after.stepFunctions.stateTransitions,
    );
  });
});
