/** What the account-lockout investigation found, as recorded on the incident and shown in its report. */
export type LockoutVerdict = 'stale-credentials' | 'attacker' | 'unclear';

/** One caller computer / source address whose failures locked the account. */
export interface LockoutCaller {
  /** The caller computer (4740 TargetDomainName, or the failures' workstation), when known. */
  computer?: string;
  address?: string;
  firstFailure: string;
  lastFailure: string;
  failures: number;
  /** The cadence in words, e.g. "steady, every 300 s" or "irregular". */
  cadence: string;
  failureCodes: string[];
  processes: string[];
}

export interface LockoutFindings {
  account: string;
  verdict: LockoutVerdict;
  reasons: string[];
  lockouts: number;
  callers: LockoutCaller[];
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
