import { nonPublicRange, parseCidr } from './cidr.ts';
import type { LockoutAnalysis, LockoutCaller, LockoutVerdict } from './lockout.ts';

/** One caller computer / source address whose failures locked the account, as the report shows it. */
export interface CallerReport {
  /** The caller computer (4740 TargetDomainName, or the failures' workstation), when known. */
  computer?: string;
  address?: string;
  firstFailure?: string;
  lastFailure?: string;
  failures: number;
  /** The cadence in words, e.g. "steady, every 300 s (regularity 1)" or "irregular …". */
  cadence: string;
  failureCodes: string[];
  processes: string[];
  verdict: LockoutVerdict;
  reasons: string[];
}

/** What the account-lockout investigation found, as recorded on the incident and shown in its report. */
export interface LockoutFindings {
  account: string;
  verdict: LockoutVerdict;
  reasons: string[];
  lockouts: number;
  callers: CallerReport[];
  /** Public addresses of the callers judged attackers: the only ones the playbook may block. */
  attackerAddresses: string[];
}

/** Where an old password keeps being tried after a change: the help desk's checklist for the caller. */
export const STALE_CREDENTIAL_CHECKLIST = [
  'Windows Credential Manager (saved passwords)',
  'saved RDP connections and VPN profiles',
  'mail on a phone or tablet',
  'services running as the account',
  'scheduled tasks running as the account',
  'mapped drives and connection strings in applications or config files',
] as const;

export function lockoutFindings(account: string, analysis: LockoutAnalysis): LockoutFindings {
  return {
    account,
    verdict: analysis.verdict,
    reasons: analysis.reasons,
    lockouts: analysis.lockouts.length,
    callers: analysis.callers.map(callerReport),
    attackerAddresses: [
      ...new Set(
        analysis.callers.filter((c) => c.verdict === 'attacker').flatMap((c) => c.sourceIps.filter(isPublic)),
      ),
    ].sort(),
  };
}

function callerReport(c: LockoutCaller): CallerReport {
  const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
  const computer = c.sourceHosts.join(', ') || undefined;
  const address = c.sourceIps.join(', ') || undefined;
  return {
    ...(computer ? { computer } : {}),
    ...(address ? { address } : {}),
    ...(c.firstFailure === undefined
      ? {}
      : { firstFailure: iso(c.firstFailure), lastFailure: iso(c.lastFailure) }),
    failures: c.failures,
    cadence: c.cadence
      ? `${c.cadence.regular ? 'steady' : 'irregular'}, every ${Math.round(c.cadence.medianIntervalMs / 1000)} s (regularity ${c.cadence.regularity})`
      : 'too few attempts to tell',
    failureCodes: c.failureCodes,
    processes: c.processes,
    verdict: c.verdict,
    reasons: c.reasons,
  };
}

function isPublic(ip: string): boolean {
  try {
    return nonPublicRange(parseCidr(ip)) === undefined;
  } catch {
    return false;
  }
}

/** The caller in a few words, for the page: "SRV-APP01 (10.0.4.20), process C:\svc.exe, steady, every 300 s". */
export function describeCaller(c: CallerReport): string {
  const where = [c.computer, c.address && `(${c.address})`].filter(Boolean).join(' ') || 'an unknown caller';
  const process = c.processes.length > 0 ? `, process ${c.processes.join(', ')}` : '';
  return `${where}: ${c.failures} failure(s)${process}, ${c.cadence}`;
}
