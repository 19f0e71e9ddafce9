/**
 * Built Windows Security recordings, each written by the computer that writes it in a real domain, as the
 * Event/System/EventData JSON rendering (the shape Windows Event Forwarding / the CloudWatch agent's JSON and
 * `Get-WinEvent | ConvertTo-Json` exports carry). No public recording with ground truth covers these cases;
 * every field follows Microsoft's "Security auditing" event reference (learn.microsoft.com/windows/security/
 * threat-protection/auditing/event-NNNN): 4740 is written by the PDC emulator with the caller computer in
 * TargetDomainName; 4625 by the computer the logon was attempted on (a front-end server for OWA / ActiveSync:
 * logon type 8, Workstation Name = the server, Source Network Address = the client, Caller Process
 * w3wp.exe); 4776 by the DC validating NTLM, Workstation = the computer that sent it; 4771 (0x18 bad password)
 * and 4768 (0x6 unknown account) by the KDC with the client's address as ::ffff:a.b.c.d; 4648 by the
 * computer whose process used the explicit credentials, Network Address = the target server.
 */
export type WindowsRecord = Record<string, unknown>;

const DOMAIN = 'CORP';
export const PDC = 'DC01.corp.example';

export function windowsRecord(
  computer: string,
  id: number,
  at: number,
  data: Record<string, string>,
): WindowsRecord {
  return {
    Event: {
      System: {
        Provider: { Name: 'Microsoft-Windows-Security-Auditing' },
        EventID: id,
        Channel: 'Security',
        Computer: computer,
        TimeCreated: { SystemTime: new Date(at).toISOString() },
      },
      EventData: data,
    },
  };
}

/** 4740 on the PDC emulator: `user` locked out, the caller computer in TargetDomainName. */
export const lockout4740 = (at: number, user: string, caller: string) =>
  windowsRecord(PDC, 4740, at, {
    TargetUserName: user,
    TargetDomainName: caller,
    SubjectUserName: 'DC01$',
    SubjectDomainName: DOMAIN,
  });

/** 4625 written by `computer` (a server the sign-in was attempted on). */
export const failure4625 = (
  computer: string,
  at: number,
  user: string,
  fields: { ip?: string; workstation?: string; logonType: number; process?: string; subStatus?: string },
) =>
  windowsRecord(computer, 4625, at, {
    SubjectUserName: fields.process ? `${computer.split('.')[0]}$` : '-',
    TargetUserName: user,
    TargetDomainName: DOMAIN,
    Status: '0xc000006d',
    SubStatus: fields.subStatus ?? '0xc000006a',
    LogonType: String(fields.logonType),
    WorkstationName: fields.workstation ?? '-',
    IpAddress: fields.ip ?? '-',
    IpPort: fields.ip ? '51234' : '-',
    ProcessName: fields.process ?? '-',
    AuthenticationPackageName: 'NTLM',
  });

/** 4624 written by `computer`: a successful logon. */
export const success4624 = (computer: string, at: number, user: string, ip: string, workstation: string) =>
  windowsRecord(computer, 4624, at, {
    TargetUserName: user,
    TargetDomainName: DOMAIN,
    LogonType: '3',
    WorkstationName: workstation,
    IpAddress: ip,
    AuthenticationPackageName: 'Kerberos',
  });

/** 4776 on the DC: NTLM validation sent by `workstation`. */
export const ntlm4776 = (at: number, user: string, workstation: string, status = '0xc000006a') =>
  windowsRecord(PDC, 4776, at, {
    PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
    TargetUserName: user,
    Workstation: workstation,
    Status: status,
  });

/** 4771 on the DC: Kerberos pre-authentication failed (0x18: bad password). */
export const kerberos4771 = (at: number, user: string, ip: string, status = '0x18') =>
  windowsRecord(PDC, 4771, at, {
    TargetUserName: user,
    ServiceName: `krbtgt/${DOMAIN}`,
    Status: status,
    PreAuthType: '2',
    IpAddress: `::ffff:${ip}`,
    IpPort: '50321',
  });

/** 4768 on the DC: a TGT request (Status 0x0 issued, 0x6 unknown account). */
export const tgt4768 = (at: number, user: string, ip: string, status = '0x0') =>
  windowsRecord(PDC, 4768, at, {
    TargetUserName: user,
    TargetDomainName: DOMAIN,
    ServiceName: 'krbtgt',
    Status: status,
    IpAddress: `::ffff:${ip}`,
    IpPort: '50322',
  });

/** 4648 written by `computer`: `subject` used `user`'s explicit credentials towards `target`. */
export const explicit4648 = (
  computer: string,
  at: number,
  subject: string,
  user: string,
  target: string,
  process: string,
) =>
  windowsRecord(computer, 4648, at, {
    SubjectUserName: subject,
    SubjectDomainName: DOMAIN,
    TargetUserName: user,
    TargetDomainName: DOMAIN,
    TargetServerName: target,
    TargetInfo: target,
    ProcessName: process,
    IpAddress: '10.0.0.10',
    IpPort: '445',
  });

const S = 1000;
const MIN = 60 * S;
export const W3WP = 'C:\\Windows\\System32\\inetsrv\\w3wp.exe';
export const EXCH = 'EXCH01.corp.example';

/**
 * An outside attacker guessing five accounts through Outlook on the web: EXCH01 writes the 4625s with the
 * attacker's address, the DC validates each (4776 from EXCH01) and locks each account out naming EXCH01.
 */
export function owaAttack(t0: number): WindowsRecord[] {
  const users = ['ann', 'ben', 'cleo', 'dan', 'eve'];
  const gaps = [3, 41, 9, 77, 14, 2, 58, 23, 6, 95];
  const out: WindowsRecord[] = [];
  let at = t0;
  for (let round = 0; round < 6; round++) {
    for (const [i, user] of users.entries()) {
      at += (gaps[(round * 5 + i) % gaps.length] ?? 5) * S;
      out.push(
        failure4625(EXCH, at, user, {
          ip: '203.0.113.66',
          workstation: 'EXCH01',
          logonType: 8,
          process: W3WP,
        }),
        ntlm4776(at + 20, user, 'EXCH01'),
      );
      if (round === 4) out.push(lockout4740(at + 40, user, 'EXCH01'));
    }
  }
  return out;
}

/**
 * A scheduled task on APP07 running as svc-backup with the password changed away from it: at every run
 * (every 20 minutes) it retries 3 times a second apart. APP07 writes 4625 (logon type 4, batch, svchost.exe);
 * the DC writes 4771 0x18 from APP07's address and locks the account out naming APP07, three times.
 */
export function burstingTask(t0: number): WindowsRecord[] {
  const out: WindowsRecord[] = [
    windowsRecord(PDC, 4724, t0 - 3 * 60 * MIN, { TargetUserName: 'svc-backup', SubjectUserName: 'admin' }),
    tgt4768(t0 - 30 * MIN, 'APP07$', '10.20.1.7'),
  ];
  for (let run = 0; run < 8; run++) {
    for (let retry = 0; retry < 3; retry++) {
      const at = t0 + run * 20 * MIN + retry * S;
      out.push(
        kerberos4771(at, 'svc-backup', '10.20.1.7'),
        failure4625('APP07.corp.example', at + 30, 'svc-backup', {
          workstation: 'APP07',
          logonType: 4,
          process: 'C:\\Windows\\System32\\svchost.exe',
        }),
      );
    }
    if (run % 3 === 1) out.push(lockout4740(t0 + run * 20 * MIN + 2 * S + 100, 'svc-backup', 'APP07'));
  }
  return out;
}

/**
 * Dana's phone polls Exchange ActiveSync every ~2 minutes from the carrier's address with her old password:
 * EXCH01 writes the 4625s (w3wp.exe, logon type 8), the DC the 4776s and three lockouts naming EXCH01; her own
 * PC signs in fine in between (4624 on the DC).
 */
export function phoneViaActiveSync(t0: number): WindowsRecord[] {
  const out: WindowsRecord[] = [
    windowsRecord(PDC, 4723, t0 - 2 * 60 * MIN, { TargetUserName: 'dana', SubjectUserName: 'dana' }),
  ];
  const jitter = [0, 7, -5, 3, -8, 4, 6, -2];
  for (let i = 0; i < 40; i++) {
    const at = t0 + i * 2 * MIN + (jitter[i % jitter.length] ?? 0) * S;
    const locked = i % 13 > 9;
    out.push(
      failure4625(EXCH, at, 'dana', {
        ip: '198.51.100.23',
        workstation: 'EXCH01',
        logonType: 8,
        process: W3WP,
        subStatus: locked ? '0xc0000234' : '0xc000006a',
      }),
      ntlm4776(at + 15, 'dana', 'EXCH01', locked ? '0xc0000234' : '0xc000006a'),
    );
    if (i % 13 === 9) out.push(lockout4740(at + 30, 'dana', 'EXCH01'));
    if (i % 13 === 4) out.push(success4624(PDC, at + 40 * S, 'dana', '10.1.1.30', 'PC-DANA'));
  }
  return out;
}

/** mallory on WS-17 tries 40 accounts with explicit credentials (4648, as `runas` / `net use` sprays write). */
export function explicitSpray(t0: number): WindowsRecord[] {
  return Array.from({ length: 40 }, (_, i) =>
    explicit4648(
      'WS-17.corp.example',
      t0 + i * 3 * S,
      'mallory',
      `user${i}`,
      PDC,
      'C:\\Windows\\System32\\net.exe',
    ),
  );
}

/** A Kerberos pre-authentication spray from 10.9.9.9: 4771 0x18 across 30 accounts, one guess each. */
export function kerberosSpray(t0: number): WindowsRecord[] {
  return Array.from({ length: 30 }, (_, i) => kerberos4771(t0 + i * 2 * S, `staff${i}`, '10.9.9.9'));
}

/** Account enumeration over Kerberos from 10.9.9.8: 4768 0x6 for 25 names that do not exist. */
export function kerberosEnumeration(t0: number): WindowsRecord[] {
  return Array.from({ length: 25 }, (_, i) => tgt4768(t0 + i * S, `guess${i}`, '10.9.9.8', '0x6'));
}

/** An NTLM spray against the DC from a host that names itself KALI: 4776 0xc000006a across 20 accounts. */
export function ntlmSpray(t0: number): WindowsRecord[] {
  return Array.from({ length: 20 }, (_, i) => ntlm4776(t0 + i * 4 * S, `staff${i}`, 'KALI'));
}

/** One account locked out three times, the lockouts naming LAPTOP-9, and no failure of it in the logs. */
export function unexplainedLockouts(t0: number): WindowsRecord[] {
  return [0, 35, 70].map((m) => lockout4740(t0 + m * MIN, 'gus', 'LAPTOP-9'));
}
