import { nonPublicRange, parseCidr } from './cidr.ts';
import type { LockoutAnalysis, LockoutCaller, LockoutVerdict, Relay } from './lockout.ts';
import { checklistFor, type SourceKind, STALE_CREDENTIAL_CHECKLIST } from './lockout-sources.ts';

export { STALE_CREDENTIAL_CHECKLIST };

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
  logonTypes: number[];
  /** The relay (caller computer the lockouts name) it signed in through, when it did. */
  via?: string;
  /** What it is, as far as the records tell: service, scheduled-task, mail-client … */
  kind: SourceKind;
  lockouts: number;
  accounts: string[];
  verdict: LockoutVerdict;
  reasons: string[];
  /** For a stale-credentials source: where to look for the old password, most likely first. */
  checklist?: string[];
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
  /** Caller computers that only relayed the sign-ins (never blocked, never judged). */
  relays: Relay[];
  /**
   * The chain of each lockout, for the report: the caller computer it names (a relay, or the source itself)
   * and the real sources behind it with their verdicts.
   */
  chain: { callerComputer: string; relay?: string; sources: { caller: string; verdict: LockoutVerdict }[] }[];
  /** Where to look for the old password, tailored to the stale sources found; empty when none was found. */
  checklist: string[];
}

export function lockoutFindings(account: string, analysis: LockoutAnalysis): LockoutFindings {
  const callers = analysis.callers.map(callerReport);
  const checklist = [
    ...new Set(callers.flatMap((c) => (c.verdict === 'stale-credentials' ? (c.checklist ?? []) : []))),
  ];
  const computers = [
    ...new Set(analysis.lockouts.map((l) => l.caller ?? 'no caller named (4740 left it empty)')),
  ];
  return {
    account,
    verdict: analysis.verdict,
    reasons: analysis.reasons,
    lockouts: analysis.lockouts.length,
    callers,
    attackerAddresses: [
      ...new Set(
        analysis.callers.filter((c) => c.verdict === 'attacker').flatMap((c) => c.sourceIps.filter(isPublic)),
      ),
    ].sort(),
    relays: analysis.relays,
    chain: computers.map((computer) => {
      const relay = analysis.relays.find((r) => r.computer === computer);
      const behind = analysis.callers.filter((c) => (relay ? c.via === computer : c.caller === computer));
      return {
        callerComputer: computer,
        ...(relay ? { relay: relay.role } : {}),
        sources: behind.map((c) => ({ caller: c.caller, verdict: c.verdict })),
      };
    }),
    checklist,
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
      ? `${c.cadence.regular ? 'steady' : 'irregular'}, every ${Math.round(c.cadence.medianIntervalMs / 1000)} s${c.retriesPerRun ? `, ${c.retriesPerRun} retries a run` : ''} (regularity ${c.cadence.regularity})`
      : 'too few attempts to tell',
    failureCodes: c.failureCodes,
    processes: c.processes,
    logonTypes: c.logonTypes,
    ...(c.via ? { via: c.via } : {}),
    kind: c.kind,
    lockouts: c.lockouts,
    accounts: c.accounts,
    verdict: c.verdict,
    reasons: c.reasons,
    ...(c.verdict === 'stale-credentials'
      ? {
          checklist: checklistFor({
            kind: c.kind,
            account: c.accounts[0] ?? 'the account',
            where: computer ?? address ?? c.caller,
            processes: c.processes,
            ...(c.via ? { via: c.via } : {}),
          }),
        }
      : {}),
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
  const where =
    c.computer && c.address
      ? `${c.computer} (${c.address})`
      : (c.computer ?? c.address ?? 'an unknown caller');
  const through = c.via ? ` through ${c.via}` : '';
  const process = c.processes.length > 0 ? `, process ${c.processes.join(', ')}` : '';
  return `${where}${through}: ${c.failures} failure(s)${process}, ${c.cadence}`;
}
