import { describe, expect, it } from 'vitest';
import { account, ip, time } from '../../../lambdas/core/ingest/fields.ts';
import { normalizeRecord } from '../../../lambdas/core/ingest/index.ts';

describe('time', () => {
  it('reads ISO 8601 with Z, offsets, fractions of any length, and zone-less text as UTC', () => {
    expect(time('2020-10-22T08:29:53.908Z', 't')).toBe(Date.UTC(2020, 9, 22, 8, 29, 53, 908));
    expect(time('2015-08-21T22:06:08.576887500Z', 't')).toBe(Date.UTC(2015, 7, 21, 22, 6, 8, 576));
    expect(time('2022-11-10T16:24:34+02:00', 't')).toBe(Date.UTC(2022, 10, 10, 14, 24, 34));
    expect(time('2020-10-22 04:29:53', 't')).toBe(Date.UTC(2020, 9, 22, 4, 29, 53));
    expect(time('2020-10-22T04:29:53', 't')).toBe(Date.UTC(2020, 9, 22, 4, 29, 53));
  });

  it('reads epoch seconds and milliseconds, as numbers or digits', () => {
    expect(time(1603355393, 't')).toBe(1603355393000);
    expect(time(1603355393908, 't')).toBe(1603355393908);
    expect(time('1603355393', 't')).toBe(1603355393000);
  });

  it('names the field and the value it cannot read', () => {
    expect(() => time('2022-13-10T16:24:34Z', 'eventTime')).toThrow(
      'eventTime: "2022-13-10T16:24:34Z" is not a time',
    );
    expect(() => time('2022-1x-10T16:24:34Z', 'eventTime')).toThrow(/is not a time/);
    expect(() => time(undefined, 'date')).toThrow('date: missing');
    expect(() => time({ a: 1 }, 'date')).toThrow('date: {"a":1} is not a time');
    expect(() => time(-5, 'date')).toThrow('date: -5 is not a time');
  });
});

describe('ip', () => {
  it('normalizes the forms logs write', () => {
    expect(ip('::ffff:172.18.39.5', 'a')).toBe('172.18.39.5');
    expect(ip('203.000.113.007', 'a')).toBe('203.0.113.7');
    expect(ip('2001:DB8:0:0:0:0:0:1', 'a')).toBe('2001:db8::1');
    expect(ip('fe80::1%eth0', 'a')).toBe('fe80::1');
    expect(ip(undefined, 'a')).toBeUndefined();
  });

  it('refuses what is not one address, naming the field', () => {
    expect(() => ip('10.0.0.0/8', 'IpAddress')).toThrow('IpAddress: "10.0.0.0/8" is not an IP address');
    expect(() => ip('256.1.1.1', 'ip')).toThrow('ip: "256.1.1.1" is not an IP address');
    expect(() => ip('localhost', 'ip')).toThrow(/is not an IP address/);
  });
});

describe('account', () => {
  it('lowercases the name and splits off the domain either way it is written', () => {
    expect(account('CONTOSO\\Alice')).toEqual({ user: 'alice', domain: 'CONTOSO' });
    expect(account('Alice@Contoso.com')).toEqual({ user: 'alice', domain: 'Contoso.com' });
    expect(account('WORKSTATION6$')).toEqual({ user: 'workstation6$' });
  });
});

describe('records that keep their meaning (issue 19)', () => {
  // Winlogbeat's shape (https://www.elastic.co/guide/en/beats/winlogbeat/current/exported-fields-winlog.html).
  const beat = (eventData: Record<string, unknown>) => ({
    '@timestamp': '2026-03-02T09:00:00.000Z',
    winlog: { event_id: '4625', computer_name: 'DC01.contoso.local', event_data: eventData },
  });

  it('rejects a field of the wrong type, naming it, instead of reading the record without it', () => {
    expect(() =>
      normalizeRecord(beat({ TargetUserName: 'alice', IpAddress: ['1.2.3.4'], SubStatus: '0xc000006a' })),
    ).toThrow(/IpAddress: expected text, got an array \["1.2.3.4"\]/);
    expect(() => normalizeRecord(beat({ TargetUserName: { name: 'alice' } }))).toThrow(
      /TargetUserName: expected text, got an object/,
    );
    expect(() => normalizeRecord(beat({ TargetUserName: true }))).toThrow(
      /TargetUserName: expected text, got a boolean true/,
    );
  });

  it('treats null, "" and "-" as absent, as Windows writes them', () => {
    const event = normalizeRecord(beat({ TargetUserName: 'alice', IpAddress: null, WorkstationName: '-' }));
    expect(event.user).toBe('alice');
    expect(event.sourceIp).toBeUndefined();
  });

  it('rejects an account name that names only a domain', () => {
    expect(() => normalizeRecord(beat({ TargetUserName: 'CONTOSO\\', IpAddress: '203.0.113.9' }))).toThrow(
      /TargetUserName: "CONTOSO\\\\" names no account/,
    );
    expect(() => account('CONTOSO\\   ')).toThrow(/names no account/);
  });

  it.each([
    1e20,
    '9999-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    -1e15,
  ])('rejects the impossible time %j with its field', (value) => {
    expect(() => time(value, 'eventTime')).toThrow(/^eventTime: .* is not a time/);
  });
});
