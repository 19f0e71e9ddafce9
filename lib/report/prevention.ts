/**
 * Prevention measures a final report suggests per kind of attack, in the runbooks' short / medium / long
 * term. Suggestions only: the report leaves owner and deadline blank for the team.
 */
export interface Measure {
  term: 'short' | 'medium' | 'long';
  measure: string;
}

const MFA: Measure = {
  term: 'medium',
  measure: 'require multi-factor authentication for every account that can sign in from the internet',
};
const PASSKEYS: Measure = {
  term: 'long',
  measure: 'move to phishing-resistant sign-in (passkeys / FIDO2) and risk-based authentication',
};

export const PREVENTION: Record<string, Measure[]> = {
  'credential-stuffing': [
    {
      term: 'short',
      measure:
        'check that every compromised account has reset its password and review its activity since the first attack',
    },
    {
      term: 'short',
      measure: 'screen passwords against known breached passwords at sign-up, reset and sign-in',
    },
    {
      term: 'medium',
      measure:
        'bot protection on the sign-in endpoint (AWS WAF Bot Control / account takeover prevention, CAPTCHA challenges)',
    },
    MFA,
    PASSKEYS,
  ],
  'password-spray': [
    { term: 'short', measure: 'reset the sprayed accounts that use a common or seasonal password' },
    {
      term: 'medium',
      measure: 'ban common passwords (a custom banned-password list) and enable smart lockout',
    },
    MFA,
    PASSKEYS,
  ],
  'brute-force': [
    { term: 'short', measure: 'confirm account lockout / throttling thresholds on the targeted service' },
    MFA,
    {
      term: 'long',
      measure: 'remove the service from the internet or put it behind a VPN / identity-aware proxy',
    },
  ],
  'account-lockout': [
    {
      term: 'short',
      measure: 'remove the stale credential from the caller named above, then unlock the account',
    },
    {
      term: 'medium',
      measure: 'run services and scheduled tasks as managed service accounts (gMSA) instead of user accounts',
    },
    {
      term: 'long',
      measure: 'alert on repeated lockouts (Windows event 4740) per caller before users call the help desk',
    },
  ],
  'risky-signin': [
    { term: 'short', measure: 'confirm with the account owner whether the sign-in was theirs' },
    {
      term: 'medium',
      measure:
        'conditional access: step-up authentication for sign-ins from new countries or impossible travel',
    },
    PASSKEYS,
  ],
  default: [MFA, PASSKEYS],
};
