import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, normalizeRecord, parseAuthLog } from '../../../lambdas/core/ingest/index.ts';

const text = readFileSync(new URL('../../fixtures/consolelogin_examples.jsonl', import.meta.url), 'utf8');
const records = text
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

describe('CloudTrail sign-in records (AWS documentation examples, real)', () => {
  const log = parseAuthLog(text);

  it('reads all 10, each with the activity it stands for', () => {
    expect(log.rejected).toEqual([]);
    expect(log.events.map((e) => [e.eventCode, e.activity, e.outcome, e.user])).toEqual([
      ['ConsoleLogin', 'logon', 'success', 'anaya'],
      ['ConsoleLogin', 'logon', 'success', 'anaya'],
      ['ConsoleLogin', 'logon', 'failure', 'anaya'],
      ['CheckMfa', 'credential-validation', 'success', 'anaya'],
      ['CheckMfa', 'credential-validation', 'success', 'anaya'],
      ['ConsoleLogin', 'logon', 'success', 'root'],
      ['ConsoleLogin', 'logon', 'success', 'root'],
      ['ConsoleLogin', 'logon', 'failure', 'root'],
      ['EnableMFADevice', 'mfa-change', 'success', 'root'],
      ['PasswordUpdated', 'password-change', 'success', 'root'],
    ]);
  });

  it('maps "Failed authentication" to a wrong password, with address, account and agent', () => {
    expect(log.events[2]).toEqual({
      time: Date.parse('2022-11-10T16:24:34Z'),
      format: 'cloudtrail',
      eventCode: 'ConsoleLogin',
      activity: 'logon',
      outcome: 'failure',
      user: 'anaya',
      domain: '111122223333',
      failureReason: 'wrong-password',
      statusCode: 'Failed authentication',
      sourceIp: '192.0.2.0',
      destination: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
      userAgent: records[2].userAgent,
    });
  });

  it('takes the session name of a federated (assumed-role) sign-in as the user', () => {
    const federated = {
      ...records[0],
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:Jane.Doe@example.com',
        arn: 'arn:aws:sts::111122223333:assumed-role/Admins/Jane.Doe@example.com',
        accountId: '111122223333',
      },
    };
    expect(normalizeRecord(federated)).toMatchObject({ user: 'jane.doe', domain: '111122223333' });
  });

  it('unwraps the EventBridge delivery ("AWS Console Sign In via CloudTrail")', () => {
    const event = {
      'detail-type': 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
      detail: records[2],
    };
    expect(detectFormat(event)).toBe('cloudtrail');
    expect(normalizeRecord(event)).toMatchObject({ outcome: 'failure', user: 'anaya' });
  });

  it('reads a CloudTrail S3 log file ({"Records": [...]})', () => {
    const file = parseAuthLog(JSON.stringify({ Records: records.slice(0, 3) }, null, 2));
    expect(file.events.map((e) => e.outcome)).toEqual(['success', 'success', 'failure']);
  });

  it('sets aside other API calls as not authentication events, naming them', () => {
    const other = { ...records[0], eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances' };
    expect(() => normalizeRecord(other)).toThrow(
      'not an authentication event: CloudTrail ec2.amazonaws.com DescribeInstances',
    );
  });
});
