import { Readable } from 'node:stream';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SSMClient } from '@aws-sdk/client-ssm';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { describe, expect, it } from 'vitest';
import { LocalParameterStore } from '../../lambdas/adapters/parameters/local.ts';
import { SsmParameterStore } from '../../lambdas/adapters/parameters/ssm.ts';
import { AwsScheduler, START_EXECUTION_TARGET } from '../../lambdas/adapters/scheduler/aws.ts';
import { LocalScheduler } from '../../lambdas/adapters/scheduler/local.ts';
import { AwsWafRuleGroups } from '../../lambdas/adapters/waf-rules/aws.ts';
import { LocalWafRuleGroups } from '../../lambdas/adapters/waf-rules/local.ts';
import {
  countryRules,
  PostureRules,
  rateRule,
  readSettings,
} from '../../lambdas/adapters/waf-rules/posture-rules.ts';

interface Recorded {
  method: string;
  path: string;
  target: string | undefined;
  body: Record<string, unknown>;
}

/** A real SDK client's HTTP layer that records each signed request and answers from a script: no network. */
function recorder(responses: { status: number; body: unknown; headers?: Record<string, string> }[]) {
  const requests: Recorded[] = [];
  const requestHandler = {
    async handle(request: { method: string; path: string; headers: Record<string, string>; body?: unknown }) {
      const target = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
      const text =
        typeof request.body === 'string'
          ? request.body
          : request.body instanceof Uint8Array
            ? Buffer.from(request.body).toString('utf8')
            : '{}';
      requests.push({ method: request.method, path: request.path, target, body: JSON.parse(text || '{}') });
      const canned = responses.shift();
      if (!canned) throw new Error(`unexpected request ${target ?? request.path}`);
      return {
        response: {
          statusCode: canned.status,
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': 'r',
            ...canned.headers,
          },
          body: Readable.from([Buffer.from(JSON.stringify(canned.body))]),
        },
      };
    },
  };
  const common = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake' },
    maxAttempts: 1,
    requestHandler,
  };
  return { requests, common };
}

describe('Scheduler adapter against the SDK', () => {
  const options = {
    groupName: 'riposte-relax',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:riposte-relax',
    roleArn: 'arn:aws:iam::123456789012:role/scheduler',
  };
  const schedule = {
    name: 'riposte-INC-1-countries-1',
    at: '2026-11-22T03:00:00.000Z',
    executionName: 'relax-INC-1-countries-1',
    input: { incidentId: 'INC-1', stage: 'countries', attempt: 1 },
  };

  it('creates a one-time, self-deleting schedule whose universal target names the execution', async () => {
    const { requests, common } = recorder([{ status: 200, body: { ScheduleArn: 'arn:x' } }]);
    const scheduler = new AwsScheduler({ client: new SchedulerClient(common), ...options });
    expect(await scheduler.createOnce(schedule)).toEqual({ created: true });
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/schedules/riposte-INC-1-countries-1' });
    const body = requests[0]?.body as Record<string, unknown> & { Target: { Input: string } };
    expect(body).toMatchObject({
      GroupName: 'riposte-relax',
      ScheduleExpression: 'at(2026-11-22T03:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: START_EXECUTION_TARGET, RoleArn: options.roleArn },
    });
    const target = JSON.parse(body.Target.Input);
    expect(target).toMatchObject({
      StateMachineArn: options.stateMachineArn,
      Name: 'relax-INC-1-countries-1',
    });
    expect(JSON.parse(target.Input)).toEqual(schedule.input);
  });

  it('treats ConflictException (the name exists: a re-delivery) as already created', async () => {
    const { common } = recorder([
      {
        status: 409,
        body: { Message: 'Schedule already exists' },
        headers: { 'x-amzn-errortype': 'ConflictException' },
      },
    ]);
    const scheduler = new AwsScheduler({ client: new SchedulerClient(common), ...options });
    expect(await scheduler.createOnce(schedule)).toEqual({ created: false });
  });

  it('locally: the same name rules, duplicates refused, fired earliest first and deleted', async () => {
    const local = new LocalScheduler();
    await expect(local.createOnce({ ...schedule, name: 'has space' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await local.createOnce({ ...schedule, name: 'b', at: '2026-11-23T00:00:00Z' });
    await local.createOnce({ ...schedule, name: 'a', at: '2026-11-22T00:00:00Z' });
    expect(await local.createOnce({ ...schedule, name: 'a' })).toEqual({ created: false });
    expect(local.takeNextDue(new Date('2026-11-21T00:00:00Z'))).toBeUndefined();
    expect(local.takeNextDue(new Date('2026-11-30T00:00:00Z'))?.name).toBe('a');
    expect(local.pending().map((s) => s.name)).toEqual(['b']);
  });
});

describe('SSM parameter adapter against the SDK', () => {
  it('overwrites a String parameter and reads a missing one as undefined', async () => {
    const { requests, common } = recorder([
      { status: 200, body: { Version: 2 } },
      { status: 400, body: { __type: 'ParameterNotFound', message: 'not found' } },
    ]);
    const store = new SsmParameterStore(new SSMClient(common));
    await store.put('/riposte/posture/session-max-age', '15');
    expect(await store.get('/riposte/posture/nothing')).toBeUndefined();
    expect(requests.map((r) => r.target)).toEqual(['AmazonSSM.PutParameter', 'AmazonSSM.GetParameter']);
    expect(requests[0]?.body).toEqual({
      Name: '/riposte/posture/session-max-age',
      Value: '15',
      Type: 'String',
      Overwrite: true,
    });
  });

  it('locally: refuses names and values SSM refuses, versions each write', async () => {
    const store = new LocalParameterStore();
    await expect(store.put('no-slash', '1')).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(store.put('/riposte/x', '')).rejects.toMatchObject({ name: 'ValidationException' });
    await store.put('/riposte/x', '1');
    await store.put('/riposte/x', '2');
    expect([await store.get('/riposte/x'), store.version('/riposte/x')]).toEqual(['2', 2]);
  });
});

const ref = { name: 'riposte-posture', id: 'rg-1', scope: 'REGIONAL' as const };
const visibility = { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'p' };

describe('WAF posture rules', () => {
  it('rewrites the rate limit with GetRuleGroup then UpdateRuleGroup under the lock token', async () => {
    // On the wire, a byte match's SearchString is base64.
    const wire = rateRule(1000, '/login');
    wire.Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement.SearchString =
      Buffer.from('/login').toString('base64');
    const rules = [wire, ...countryRules('off', ['US'], ['FR'])];
    const { requests, common } = recorder([
      {
        status: 200,
        body: {
          RuleGroup: {
            Name: ref.name,
            Id: ref.id,
            Rules: rules,
            VisibilityConfig: visibility,
            Description: 'd',
          },
          LockToken: 'tok-1',
        },
      },
      { status: 200, body: { NextLockToken: 'tok-2' } },
    ]);
    const posture = new PostureRules({
      groups: new AwsWafRuleGroups(new WAFV2Client(common)),
      ref,
      allowedCountries: ['US'],
      liftedCountries: ['FR'],
    });
    await posture.setRateLimit(100);
    expect(requests.map((r) => r.target)).toEqual([
      'AWSWAF_20190729.GetRuleGroup',
      'AWSWAF_20190729.UpdateRuleGroup',
    ]);
    const update = requests[1]?.body as {
      LockToken: string;
      Description: string;
      Rules: { Statement: unknown }[];
    };
    expect(update).toMatchObject({
      Name: ref.name,
      Id: ref.id,
      Scope: 'REGIONAL',
      LockToken: 'tok-1',
      Description: 'd',
    });
    expect(readSettings(update.Rules as never)).toEqual({ rateLimit: 100, countryMode: 'off' });
    // The scope-down survives the round trip byte for byte.
    expect(JSON.stringify(update.Rules[0])).toContain(Buffer.from('/login').toString('base64'));
  });

  it('locally: a stale lock token is refused, and the posture reads again and wins', async () => {
    const groups = new LocalWafRuleGroups();
    groups.create(
      ref,
      [rateRule(1000, '/login'), ...countryRules('off', ['US'], ['FR'])] as never,
      visibility,
    );
    const stale = await groups.get(ref);
    await groups.update(ref, stale);
    await expect(groups.update(ref, stale)).rejects.toMatchObject({ name: 'WAFOptimisticLockException' });
    const posture = new PostureRules({ groups, ref, allowedCountries: ['US'], liftedCountries: ['FR'] });
    await posture.setCountryMode('on');
    expect(await posture.read()).toEqual({ rateLimit: 1000, countryMode: 'on' });
    await posture.setCountryMode('partial');
    const rules = (await groups.get(ref)).rules;
    expect(rules.find((r) => r.Name === 'riposte-countries-lifted')?.Action).toEqual({ Count: {} });
    expect(JSON.stringify(rules.find((r) => r.Name === 'riposte-countries'))).toContain('"FR"');
    expect((await posture.read()).countryMode).toBe('partial');
  });

  it('has no country rule at all without allowed countries (it would block everyone)', () => {
    expect(countryRules('on', [], ['FR'])).toEqual([]);
  });
});
