import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, normalizeRecord, parseAuthLog } from '../../../lambdas/core/ingest/index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

describe('Windows Security events, NXLog JSON (Mordor password spray, real)', () => {
  const log = parseAuthLog(fixture('security-auth-subset.jsonl'));

  it('reads all 80 records, none rejected', () => {
    expect(log.rejected).toEqual([]);
    expect(log.events).toHaveLength(80);
    expect(new Set(log.events.map((e) => e.format))).toEqual(new Set(['windows']));
  });

  it('finds the 7 failed logons of the spray from WORKSTATION5 without an address', () => {
    const failures = log.events.filter((e) => e.eventCode === '4625');
    expect(failures.map((e) => e.user).sort()).toEqual(
      ['lrodriguez', 'pgustavo', 'sysmonsvc', 'sbeavers', 'mscott', 'pbeesly', 'nxlogsvc'].sort(),
    );
    for (const e of failures) {
      expect(e).toMatchObject({
        outcome: 'failure',
        failureReason: 'wrong-password',
        statusCode: '0xc000006a',
        sourceHost: 'WORKSTATION5',
        logonType: 2,
        process: 'C:\\Users\\pgustavo\\Downloads\\PurpleSharp.exe',
        time: Date.parse('2020-10-22T08:29:55Z') + (e.time % 1000),
      });
      expect(e.sourceIp).toBeUndefined();
    }
  });

  it('drops the ::ffff: prefix of Kerberos addresses and the realm of Kerberos account names', () => {
    const ticket = log.events.find((e) => e.eventCode === '4769' && e.user === 'pgustavo');
    expect(ticket).toMatchObject({ activity: 'service-ticket', outcome: 'success', sourceIp: '172.18.39.5' });
    expect(ticket?.domain).toBe('THESHIRE.LOCAL');
  });

  it('reads successful network logons with their address and logon type', () => {
    const logon = log.events.find((e) => e.eventCode === '4624' && e.sourceIp === '172.18.39.5');
    expect(logon).toMatchObject({ activity: 'logon', outcome: 'success', user: 'pgustavo', logonType: 3 });
  });
});

describe('Windows event 4740 (XML, the documented shape)', () => {
  it('names the locked account and the caller computer from TargetDomainName', () => {
    const log = parseAuthLog(fixture('event-4740.xml'));
    expect(log.rejected).toEqual([]);
    expect(log.events).toEqual([
      {
        time: Date.parse('2015-08-21T22:06:08.576Z'),
        format: 'windows',
        eventCode: '4740',
        activity: 'lockout',
        outcome: 'success',
        user: 'auditor',
        domain: 'CONTOSO',
        sourceHost: 'WIN81',
        destination: 'DC01.contoso.local',
        reporter: 'DC01',
      },
    ]);
  });

  it('reads XML events delivered by a CloudWatch Logs subscription (agent with event_format xml)', () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      logEvents: [{ id: '1', timestamp: 0, message: fixture('event-4740.xml') }],
    };
    expect(parseAuthLog(JSON.stringify(payload)).events).toMatchObject([
      { eventCode: '4740', sourceHost: 'WIN81' },
    ]);
  });

  it('reads several XML events in one file, and rejects a bad one at the line it starts on', () => {
    const xml = fixture('event-4740.xml');
    const bad = xml.replace('Name="TargetUserName"', 'Name="Unrelated"');
    const log = parseAuthLog(`${xml}\n${bad}\n${xml.replace('>Auditor<', '>Alice<')}`);
    expect(log.events.map((e) => e.user)).toEqual(['auditor', 'alice']);
    const lines = xml.split('\n').length;
    expect(log.rejected).toMatchObject([{ line: lines + 1, reason: 'TargetUserName: missing' }]);
  });
});

/** Built from the Microsoft event documentation (Event/System/EventData as rendered to JSON): no public sample. */
function eventDataShape(id: number, data: Record<string, string>) {
  return {
    Event: {
      System: {
        EventID: id,
        Computer: 'DC01.contoso.local',
        TimeCreated: { SystemTime: '2026-03-02T09:00:00Z' },
      },
      EventData: { Data: Object.entries(data).map(([Name, value]) => ({ Name, '#text': value })) },
    },
  };
}

describe('Windows Event/EventData JSON (built from Microsoft docs)', () => {
  it.each([
    [
      4771,
      { TargetUserName: 'alice', IpAddress: '::ffff:10.0.4.20', Status: '0x18' },
      'wrong-password',
      'failure',
    ],
    [
      4768,
      { TargetUserName: 'ghost', IpAddress: '::ffff:10.0.4.20', Status: '0x6' },
      'unknown-user',
      'failure',
    ],
    [4768, { TargetUserName: 'alice', IpAddress: '::ffff:10.0.4.20', Status: '0x12' }, 'locked', 'failure'],
    [4768, { TargetUserName: 'alice', IpAddress: '::ffff:10.0.4.20', Status: '0x0' }, undefined, 'success'],
  ] as const)('Kerberos %i %o → %s', (id, data, reason, outcome) => {
    const e = normalizeRecord(eventDataShape(id, data));
    expect(e).toMatchObject({
      eventCode: String(id),
      activity: 'authentication-ticket',
      outcome,
      sourceIp: '10.0.4.20',
    });
    expect(e.failureReason).toBe(reason);
  });

  it.each([
    ['0xC0000064', 'unknown-user'],
    ['0xC0000072', 'disabled'],
    ['0xC0000234', 'locked'],
    ['0xC000006A', 'wrong-password'],
  ] as const)('4776 NTLM status %s → %s, from the workstation named', (status, reason) => {
    const e = normalizeRecord(
      eventDataShape(4776, { TargetUserName: 'CONTOSO\\Bob', Workstation: 'FILESRV02', Status: status }),
    );
    expect(e).toMatchObject({
      activity: 'credential-validation',
      outcome: 'failure',
      user: 'bob',
      domain: 'CONTOSO',
    });
    expect(e).toMatchObject({ failureReason: reason, sourceHost: 'FILESRV02' });
  });

  it('4625 reads SubStatus before the generic Status, and ProcessName', () => {
    const e = normalizeRecord(
      eventDataShape(4625, {
        TargetUserName: 'svc-backup',
        IpAddress: '10.0.9.14',
        WorkstationName: 'APP07',
        Status: '0xC000006D',
        SubStatus: '0xC000006A',
        LogonType: '3',
        ProcessName: 'C:\\Windows\\System32\\svchost.exe',
      }),
    );
    expect(e).toMatchObject({ failureReason: 'wrong-password', sourceIp: '10.0.9.14', sourceHost: 'APP07' });
    expect(e).toMatchObject({ logonType: 3, process: 'C:\\Windows\\System32\\svchost.exe' });
  });

  it('4648 explicit credentials and 4723 password change are mapped', () => {
    expect(
      normalizeRecord(eventDataShape(4648, { TargetUserName: 'admin', TargetServerName: 'db01' })),
    ).toMatchObject({
      activity: 'logon',
      destination: 'db01',
    });
    expect(normalizeRecord(eventDataShape(4723, { TargetUserName: 'alice' }))).toMatchObject({
      activity: 'password-change',
      outcome: 'success',
    });
  });

  it('rejects events that are not about authentication, and bad fields, naming them', () => {
    expect(() => normalizeRecord(eventDataShape(4688, { TargetUserName: 'x' }))).toThrow(
      /not an authentication event: Windows event 4688/,
    );
    expect(() =>
      normalizeRecord(eventDataShape(4625, { TargetUserName: 'x', IpAddress: '10.0.0.999' })),
    ).toThrow(/IpAddress: "10.0.0.999" is not an IP address/);
    expect(() => normalizeRecord(eventDataShape(4625, { IpAddress: '10.0.0.9' }))).toThrow(
      /TargetUserName: missing/,
    );
  });

  it("reads Winlogbeat's winlog.event_data shape", () => {
    const beat = {
      '@timestamp': '2026-03-02T09:00:00.000Z',
      winlog: {
        event_id: '4625',
        computer_name: 'WEB01.corp.example',
        event_data: {
          TargetUserName: 'Alice',
          IpAddress: '203.0.113.9',
          SubStatus: '0xc0000064',
          LogonType: '10',
        },
      },
    };
    expect(detectFormat(beat)).toBe('windows');
    expect(normalizeRecord(beat)).toMatchObject({
      user: 'alice',
      failureReason: 'unknown-user',
      sourceIp: '203.0.113.9',
      destination: 'WEB01.corp.example',
      logonType: 10,
    });
  });

  it('is detected as windows in every shape', () => {
    expect(detectFormat(eventDataShape(4625, {}))).toBe('windows');
    expect(detectFormat({ EventID: 4625 })).toBe('windows');
    expect(detectFormat(fixture('event-4740.xml'))).toBe('windows');
  });
});

describe('which computer wrote the event, and 4648 as Windows writes it', () => {
  it('keeps the reporting computer: a front-end server logging a relayed sign-in (4625, IIS w3wp.exe)', () => {
    // Built per Microsoft's 4625 reference: the Exchange server writes it, logon type 8 (NetworkCleartext, basic
    // authentication in IIS), Workstation Name = the server itself, Source Network Address = the real client.
    const e = normalizeRecord({
      Event: {
        System: {
          EventID: 4625,
          Computer: 'EXCH01.corp.example',
          TimeCreated: { SystemTime: '2026-03-02T09:00:00Z' },
        },
        EventData: {
          TargetUserName: 'alice',
          TargetDomainName: 'CORP',
          WorkstationName: 'EXCH01',
          IpAddress: '203.0.113.66',
          LogonType: '8',
          SubStatus: '0xc000006a',
          ProcessName: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe',
        },
      },
    });
    expect(e).toMatchObject({
      reporter: 'EXCH01',
      sourceHost: 'EXCH01',
      sourceIp: '203.0.113.66',
      logonType: 8,
      process: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe',
    });
  });

  it('4648: the source is the machine that wrote it, the address is the target, the subject is the actor, no outcome', () => {
    // Built per Microsoft's 4648 reference ("A logon was attempted using explicit credentials"): logged on the
    // computer where the credentials were used; Network Address is the target server's.
    const e = normalizeRecord({
      Event: {
        System: {
          EventID: 4648,
          Computer: 'WS-17.corp.example',
          TimeCreated: { SystemTime: '2026-03-02T09:00:00Z' },
        },
        EventData: {
          SubjectUserName: 'mallory',
          SubjectDomainName: 'CORP',
          TargetUserName: 'bob',
          TargetDomainName: 'CORP',
          TargetServerName: 'DC01.corp.example',
          IpAddress: '10.0.0.10',
          ProcessName: 'C:\\Windows\\System32\\net.exe',
        },
      },
    });
    expect(e).toMatchObject({
      eventCode: '4648',
      outcome: 'unknown',
      user: 'bob',
      actor: 'mallory',
      sourceHost: 'WS-17',
      reporter: 'WS-17',
      destination: 'DC01.corp.example',
    });
    expect(e.sourceIp).toBeUndefined();
  });

  it('reads evtx_dump JSON (TimeCreated in #attributes) and 4740 renderings that name CallerComputerName', () => {
    const e = normalizeRecord({
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          EventID: 4740,
          Computer: 'DC01.corp.example',
          TimeCreated: { '#attributes': { SystemTime: '2026-03-02T09:00:00.123456Z' } },
        },
        EventData: { TargetUserName: 'alice', CallerComputerName: 'EXCH01' },
      },
    });
    expect(e).toMatchObject({
      activity: 'lockout',
      sourceHost: 'EXCH01',
      time: Date.parse('2026-03-02T09:00:00.123Z'),
    });
  });
});
