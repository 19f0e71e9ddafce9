/**
 * What kind of thing keeps trying an old password, from what the failures carry (logon type, process, the
 * server that relayed them), and where the help desk looks for the old password on it. Pure data and rules.
 */

/** A source's kind, as far as the records tell. */
export type SourceKind =
  | 'service'
  | 'scheduled-task'
  | 'mail-client'
  | 'remote-desktop'
  | 'vpn'
  | 'mapped-drive'
  | 'interactive'
  | 'unknown';

/** Processes of front-end servers that sign users in on their behalf, and what the server then is. */
const RELAY_PROCESSES: readonly [RegExp, string][] = [
  [
    /\\w3wp\.exe$/i,
    'IIS (w3wp.exe): Outlook on the web or Exchange ActiveSync, or another IIS site with basic or Windows authentication',
  ],
  [/microsoft\.identityserver\.servicehost\.exe$/i, 'AD FS (Microsoft.IdentityServer.ServiceHost.exe)'],
  [/\\tsgateway|\\aaedge/i, 'RD Gateway'],
  [/\\iashost\.exe$|\\ias\b/i, 'NPS / RADIUS (VPN or Wi-Fi sign-in)'],
];

/** The role of a server that logged failures for clients elsewhere, in words. */
export function relayRole(processes: readonly string[]): string {
  for (const p of processes) for (const [pattern, role] of RELAY_PROCESSES) if (pattern.test(p)) return role;
  return 'a server signing users in on their behalf (it logged the failures with the clients’ addresses)';
}

/** Windows logon types (Microsoft's 4624/4625 reference). */
const LOGON = { interactive: 2, network: 3, batch: 4, service: 5, cleartext: 8, remote: 10, cached: 11 };
const SYSTEM_PROCESSES = /\\(svchost|lsass|services|winlogon|system)\.exe$|^-$|^system$/i;

export interface KindEvidence {
  logonTypes: readonly number[];
  processes: readonly string[];
  /** The role of the relay the failures came through, when they came through one. */
  relayRole?: string;
}

/** The source's kind, from the strongest sign first: the relay, the logon type, the process. */
export function sourceKind(e: KindEvidence): SourceKind {
  const role = e.relayRole ?? '';
  if (/ActiveSync|Outlook on the web|IIS/.test(role)) return 'mail-client';
  if (/RD Gateway/.test(role)) return 'remote-desktop';
  if (/NPS/.test(role)) return 'vpn';
  const has = (t: number) => e.logonTypes.includes(t);
  if (has(LOGON.service)) return 'service';
  if (has(LOGON.batch)) return 'scheduled-task';
  if (has(LOGON.remote)) return 'remote-desktop';
  if (has(LOGON.cleartext) && /\\w3wp\.exe$/i.test(e.processes.join('\n'))) return 'mail-client';
  if (e.processes.some((p) => !SYSTEM_PROCESSES.test(p))) return 'service';
  if (has(LOGON.interactive) || has(LOGON.cached)) return 'interactive';
  if (has(LOGON.network)) return 'mapped-drive';
  return 'unknown';
}

/** Where an old password keeps being tried after a change: the full checklist, when nothing narrows it. */
export const STALE_CREDENTIAL_CHECKLIST = [
  'Windows Credential Manager (saved passwords)',
  'saved RDP connections and VPN profiles',
  'mail on a phone or tablet',
  'services running as the account',
  'scheduled tasks running as the account',
  'mapped drives and connection strings in applications or config files',
] as const;

export interface ChecklistSubject {
  kind: SourceKind;
  account: string;
  /** Where to look: the host, else the address. */
  where: string;
  processes: readonly string[];
  via?: string;
}

/** The places to check first for this source, most likely first; the rest of the full list follows them. */
export function checklistFor(s: ChecklistSubject): string[] {
  const on = `on ${s.where}`;
  const process = s.processes.find((p) => !SYSTEM_PROCESSES.test(p));
  const first: Record<SourceKind, string[]> = {
    service: [
      `services ${on} running as ${s.account}${process ? ` (${process})` : ''}: update the password in the service's Log On settings (\`Get-CimInstance Win32_Service | ? StartName -match '${s.account}'\`)`,
      `application pools and connection strings ${on} that hold ${s.account}'s password`,
    ],
    'scheduled-task': [
      `scheduled tasks ${on} running as ${s.account}: \`schtasks /query /v /fo list\` (Run As User), then re-enter the password`,
    ],
    'mail-client': [
      `mail on a phone or tablet of ${s.account} (from ${s.where}${s.via ? ` through ${s.via}` : ''}): update the password in the mail app, or remove the device (Exchange: \`Get-MobileDevice -Mailbox ${s.account}\`)`,
      `browsers or desktop mail apps that saved ${s.account}'s password for that site`,
    ],
    'remote-desktop': [
      `saved RDP connections and RD Gateway credentials of ${s.account} (\`cmdkey /list\`), and disconnected RDP sessions ${on}`,
    ],
    vpn: [`VPN and Wi-Fi (802.1X) profiles of ${s.account} that saved the old password`],
    'mapped-drive': [
      `mapped drives ${on} (\`net use\`) and Windows Credential Manager (\`cmdkey /list\`) holding ${s.account}'s old password`,
    ],
    interactive: [
      `a session ${on} still signed in as ${s.account} (console or disconnected RDP): sign it out`,
    ],
    unknown: [],
  };
  return [...first[s.kind], ...STALE_CREDENTIAL_CHECKLIST];
}
