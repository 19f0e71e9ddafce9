import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Alert,
  executionNameFor,
  incidentIdFor,
  normalizeEvent,
  type Routed,
} from '../../lambdas/core/alerts.ts';

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  return JSON.parse(name.endsWith('.jsonl') ? (text.trim().split('\n')[0] ?? '') : text) as Json;
}

/** A deep copy to mutate, so one test never changes another's fixture. */
const copy = <T>(value: T): T => structuredClone(value);

const detection = () => ({
  source: 'riposte.detection',
  'detail-type': 'Identity attack detected',
  detail: {
    id: 'det-1',
    type: 'credential-stuffing',
    severity: 80,
    observedAt: '2026-11-20T03:12:00Z',
    sourceIps: ['203.0.113.7'],
    targetedUsers: ['alice', 'bob'],
    compromisedUsers: ['alice'],
  } as Json,
});

function onlyAlert(routed: Routed[]): Alert {
  expect(routed).toHaveLength(1);
  const [first] = routed;
  if (!first || !('alert' in first)) throw new Error(`expected an alert, got ${JSON.stringify(routed)}`);
  return first.alert;
}

function invalidInput(run: () => unknown): Error {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(Error);
  expect((caught as Error).name).toBe('InvalidInput');
  return caught as Error;
}

describe('normalizeEvent: native detections', () => {
  it('turns a riposte.detection event into one credential-stuffing alert', () => {
    const alert = onlyAlert(normalizeEvent(detection()));
    expect(alert).toEqual({
      alertId: 'det-1',
      origin: 'riposte.detection',
      type: 'credential-stuffing',
      playbook: 'credential-stuffing',
      title: 'credential-stuffing against 2 account(s)',
      severity: 80,
      observedAt: '2026-11-20T03:12:00Z',
      sourceIps: ['203.0.113.7'],
      targetedUsers: ['alice', 'bob'],
      compromisedUsers: ['alice'],
      technique: 'T1110.004',
      sourceHosts: [],
      reasons: [],
    });
  });

  it('routes each detection type to the playbook of the same name, with its ATT&CK technique', () => {
    for (const [type, technique] of [
      ['password-spray', 'T1110.003'],
      ['brute-force', 'T1110.001'],
    ]) {
      const event = detection();
      event.detail.type = type;
      const alert = onlyAlert(normalizeEvent(event));
      expect(alert.playbook).toBe(type);
      expect(alert.technique).toBe(technique);
    }
  });

  it('keeps a given title and defaults missing lists to empty', () => {
    const event = detection();
    event.detail.title = 'Stuffing on login';
    delete event.detail.compromisedUsers;
    delete event.detail.sourceIps;
    const alert = onlyAlert(normalizeEvent(event));
    expect(alert.title).toBe('Stuffing on login');
    expect(alert.compromisedUsers).toEqual([]);
    expect(alert.sourceIps).toEqual([]);
  });

  it('ignores a detection type that has no playbook, with a reason', () => {
    const event = detection();
    event.detail.type = 'impossible-travel';
    expect(normalizeEvent(event)).toEqual([{ ignored: expect.stringContaining('impossible-travel') }]);
  });

  it('produces an alert that is itself valid playbook input (console start)', () => {
    const alert = onlyAlert(normalizeEvent(detection()));
    expect(onlyAlert(normalizeEvent(alert))).toEqual(alert);
  });

  it.each([
    ['detail.severity', (d: Json) => Object.assign(d, { severity: '80' })],
    ['detail.severity', (d: Json) => Object.assign(d, { severity: 101 })],
    ['detail.sourceIps', (d: Json) => Object.assign(d, { sourceIps: '203.0.113.7' })],
    ['detail.compromisedUsers[0]', (d: Json) => Object.assign(d, { compromisedUsers: [''] })],
    ['detail.targetedUsers[1]', (d: Json) => Object.assign(d, { targetedUsers: ['alice', 'bob\u0000'] })],
    ['detail.observedAt', (d: Json) => Object.assign(d, { observedAt: 'yesterday' })],
    ['detail.id', (d: Json) => Object.assign(d, { id: '' })],
    ['detail.type', (d: Json) => Object.assign(d, { type: undefined })],
  ])('throws InvalidInput naming %s', (field, mutate) => {
    const event = detection();
    mutate(event.detail);
    const error = invalidInput(() => normalizeEvent(event));
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('throws InvalidInput naming the envelope field that is missing or wrong', () => {
    const { detail: _detail, ...noDetail } = detection();
    expect(invalidInput(() => normalizeEvent(noDetail)).message).toMatch(/^detail: /);
    expect(invalidInput(() => normalizeEvent({ ...detection(), source: 42 })).message).toMatch(/^source: /);
    expect(invalidInput(() => normalizeEvent('not an event')).message).toMatch(/^\(input\): /);
    expect(invalidInput(() => normalizeEvent(null)).name).toBe('InvalidInput');
  });

  it('validates console input and names the bad field', () => {
    const alert = onlyAlert(normalizeEvent(detection()));
    expect(invalidInput(() => normalizeEvent({ ...alert, playbook: 'nope' })).message).toMatch(/^playbook: /);
    expect(invalidInput(() => normalizeEvent({ ...alert, sourceIps: [7] })).message).toMatch(
      /^sourceIps\[0\]: /,
    );
    const { origin: _origin, ...minimal } = alert;
    expect(onlyAlert(normalizeEvent(minimal)).origin).toBe('console');
  });
});

describe('normalizeEvent: GuardDuty (real fixtures)', () => {
  it('turns the native GuardDuty Finding event into one alert on the real attacker', () => {
    const alert = onlyAlert(normalizeEvent(fixture('eventbridge-guardduty-finding.jsonl')));
    expect(alert.sourceIps).toEqual(['199.241.229.197']);
    expect(alert.playbook).toBe('credential-stuffing');
    expect(alert.origin).toBe('guardduty');
    expect(alert.type).toBe('UnauthorizedAccess:EC2/SSHBruteForce');
    expect(alert.alertId).toBe('guardduty:02be5693b63eea1d67e6f321c6aee4f3');
    expect(alert.severity).toBe(20);
    expect(alert.observedAt).toBe('2018-05-11T14:56:39.976Z');
  });

  it('turns the Security Hub imported GuardDuty finding into one alert on the real attacker', () => {
    const alert = onlyAlert(normalizeEvent(fixture('eventbridge-securityhub-imported.jsonl')));
    expect(alert.sourceIps).toEqual(['199.241.229.197']);
    expect(alert.playbook).toBe('credential-stuffing');
    expect(alert.origin).toBe('securityhub');
    expect(alert.type).toBe('UnauthorizedAccess:EC2/SSHBruteForce');
    expect(alert.alertId).toMatch(/^securityhub:arn:aws::guardduty:.*46ba0ac2845071e23ccdeb2ae03bfdea$/);
    expect(alert.severity).toBe(40);
  });

  it('ignores a GuardDuty finding where the resource is the ACTOR', () => {
    const event = copy(fixture('eventbridge-guardduty-finding.jsonl'));
    ((event.detail as Json).service as Json).resourceRole = 'ACTOR';
    const routed = normalizeEvent(event);
    expect(routed).toEqual([{ ignored: expect.stringContaining('ACTOR') }]);
  });

  it('ignores an imported finding where the resource is the ACTOR', () => {
    const event = copy(fixture('eventbridge-securityhub-imported.jsonl'));
    const [finding] = (event.detail as { findings: Json[] }).findings;
    (finding?.ProductFields as Json)['aws/guardduty/service/resourceRole'] = 'ACTOR';
    expect(normalizeEvent(event)).toEqual([{ ignored: expect.stringContaining('not the target') }]);
  });

  it('ignores a sample finding, as CreateSampleFindings marks it, natively and imported in Security Hub', () => {
    const event = copy(fixture('eventbridge-guardduty-finding.jsonl'));
    // The fixture stands for a real finding: it carries no sample flag and is acted on.
    expect(((event.detail as Json).service as Json).additionalInfo).toEqual({});
    ((event.detail as Json).service as Json).additionalInfo = { sample: true };
    expect(normalizeEvent(event)).toEqual([{ ignored: expect.stringMatching(/is a sample .*not acted on/) }]);
    const imported = copy(fixture('eventbridge-securityhub-imported.jsonl'));
    const [finding] = (imported.detail as { findings: Json[] }).findings;
    (finding?.ProductFields as Json)['aws/guardduty/service/additionalInfo/sample'] = 'true';
    expect(normalizeEvent(imported)).toEqual([{ ignored: expect.stringContaining('is a sample') }]);
  });

  it('ignores a GuardDuty finding type that is not a credential attack', () => {
    const event = copy(fixture('eventbridge-guardduty-finding.jsonl'));
    (event.detail as Json).type = 'Recon:EC2/PortProbeUnprotectedPort';
    expect(normalizeEvent(event)).toEqual([{ ignored: expect.stringContaining('not a credential attack') }]);
  });

  it('ignores a GuardDuty finding without a remote IP', () => {
    const event = copy(fixture('eventbridge-guardduty-finding.jsonl'));
    const service = (event.detail as Json).service as Json;
    delete service.action;
    expect(normalizeEvent(event)).toEqual([{ ignored: expect.stringContaining('no remote IP') }]);
  });

  it('names the field of a malformed GuardDuty finding', () => {
    const event = copy(fixture('eventbridge-guardduty-finding.jsonl'));
    (event.detail as Json).severity = 'HIGH';
    expect(invalidInput(() => normalizeEvent(event)).message).toMatch(/^detail\.severity: /);
  });

  it('names the finding index of a malformed imported finding', () => {
    const event = copy(fixture('eventbridge-securityhub-imported.jsonl'));
    const findings = (event.detail as { findings: Json[] }).findings;
    findings.push({ ...copy(findings[0] as Json), Id: '' });
    expect(invalidInput(() => normalizeEvent(event)).message).toMatch(/^detail\.findings\[1\]\.Id: /);
  });
});

describe('normalizeEvent: Security Hub (real fixtures)', () => {
  it('ignores CIS compliance findings with a reason instead of throwing', () => {
    const routed = normalizeEvent(fixture('asr_imported_CIS-1.3.json'));
    expect(routed).toHaveLength(1);
    expect(routed[0]).toEqual({
      ignored: expect.stringMatching(/not a credential attack.*CIS AWS Foundations/),
    });
  });

  it('turns a custom action on compliance findings into one alert that records them, with nothing to block', () => {
    const alert = onlyAlert(normalizeEvent(fixture('asr_custom_action_CIS_1-6-multi-select.json')));
    expect(alert).toMatchObject({
      alertId: 'securityhub-action:81ee3cd6-6100-dbb7-5431-adcb1a6550a3',
      origin: 'securityhub',
      playbook: 'credential-stuffing',
      severity: 40,
      observedAt: '2020-06-02T16:00:53.898Z',
      sourceIps: [],
      compromisedUsers: [],
    });
    expect(alert.title).toBe(
      'Security Hub action "CIS 1.5 - 1.11 RR" on 2 finding(s): 1.6 Ensure IAM password policy requires at least one lowercase letter',
    );
    expect(alert.reasons).toHaveLength(2);
    expect(alert.reasons[0]).toContain('finding/3fe13eb6-b093-48b2-ba3b-b975347c3183');
  });

  it('blocks the attacker of a GuardDuty finding selected in a custom action, and names its IAM users', () => {
    const action = copy(fixture('asr_custom_action_CIS_1-6-multi-select.json'));
    const imported = fixture('eventbridge-securityhub-imported.jsonl');
    const attack = copy((imported.detail as { findings: Json[] }).findings[0] as Json);
    attack.Resources = [{ Type: 'AwsIamUser', Id: 'x', Details: { AwsIamUser: { UserName: 'deploy-bot' } } }];
    (action.detail as { findings: Json[] }).findings.push(attack);
    const alert = onlyAlert(normalizeEvent(action));
    expect(alert.sourceIps).toEqual(['199.241.229.197']);
    expect(alert.targetedUsers).toEqual(['deploy-bot']);
  });

  it('refuses a custom action with no findings, naming the field', () => {
    const action = copy(fixture('asr_custom_action_CIS_1-6-multi-select.json'));
    (action.detail as Json).findings = [];
    expect(invalidInput(() => normalizeEvent(action)).message).toMatch(/^detail\.findings: /);
  });
  it('refuses an imported event with no findings', () => {
    const event = copy(fixture('asr_imported_CIS-1.3.json'));
    (event.detail as Json).findings = [];
    expect(invalidInput(() => normalizeEvent(event)).message).toMatch(/^detail\.findings: /);
  });
});

describe('incidentIdFor and executionNameFor', () => {
  const base = onlyAlert(normalizeEvent(detection()));
  const withId = (alertId: string): Alert => ({ ...base, alertId });

  it('are deterministic for the same alert', () => {
    const again = onlyAlert(normalizeEvent(detection()));
    expect(incidentIdFor(again)).toBe(incidentIdFor(base));
    expect(executionNameFor(again)).toBe(executionNameFor(base));
    expect(incidentIdFor(base)).toMatch(/^INC-20261120-[0-9a-f]{8}$/);
    expect(executionNameFor(base)).toBe(`credential-stuffing-${incidentIdFor(base)}`);
  });

  it('differ for different alert ids and for different origins', () => {
    expect(incidentIdFor(withId('det-2'))).not.toBe(incidentIdFor(base));
    expect(executionNameFor(withId('det-2'))).not.toBe(executionNameFor(base));
    expect(incidentIdFor({ ...base, origin: 'console' })).not.toBe(incidentIdFor(base));
  });

  it('differ for any two different alert ids (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.string({ minLength: 1, maxLength: 100 }),
        (a, b) => {
          fc.pre(a !== b);
          expect(incidentIdFor(withId(a))).not.toBe(incidentIdFor(withId(b)));
          expect(executionNameFor(withId(a))).not.toBe(executionNameFor(withId(b)));
        },
      ),
    );
  });

  it('give a valid Step Functions execution name even for a 500-character alert id', () => {
    const valid = /^[A-Za-z0-9_-]{1,80}$/;
    expect(executionNameFor(withId('x'.repeat(500)))).toMatch(valid);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 500 }), (alertId) => {
        const name = executionNameFor(withId(alertId));
        expect(name).toMatch(valid);
        expect(name).toBe(executionNameFor(withId(alertId)));
      }),
    );
  });
});

describe('normalizeEvent: CloudWatch alarm state changes (documented example)', () => {
  it('opens an alert for an alarm that went to ALARM, reading the offset CloudWatch writes without a colon', () => {
    const alert = onlyAlert(normalizeEvent(fixture('cloudwatch-alarm-state-change.json')));
    expect(alert).toMatchObject({
      alertId: 'cloudwatch:ServerCpuTooHigh:2019-10-02T17:04:40.989Z',
      origin: 'cloudwatch',
      playbook: 'credential-stuffing',
      observedAt: '2019-10-02T17:04:40.989Z',
      title: 'Alarm ServerCpuTooHigh: Goes into alarm when server CPU utilization is too high!',
      sourceIps: [],
    });
    expect(alert.reasons[0]).toMatch(/^Threshold Crossed/);
  });

  it('ignores an alarm returning to OK, with the reason', () => {
    const event = copy(fixture('cloudwatch-alarm-state-change.json'));
    ((event.detail as Json).state as Json).value = 'OK';
    expect(normalizeEvent(event)).toEqual([{ ignored: 'alarm ServerCpuTooHigh went to OK, not ALARM' }]);
  });
});
