import { z } from 'zod';

export const IDENTITY_PROVIDERS = ['cognito', 'app-sessions', 'iam', 'okta', 'entra', 'auth0'] as const;
export type IdentityProviderName = (typeof IDENTITY_PROVIDERS)[number];

const seconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 86_400);
const Lifetime = z.object({ accessTokenSeconds: seconds, idTokenSeconds: seconds });
type Lifetime = z.output<typeof Lifetime>;

/**
 * How long tokens a provider issued stay valid, by default: Cognito 60 min access and ID tokens; Okta
 * 60 min; Entra 60–90 min (the upper end, since it is randomized); Auth0 86,400 s API access tokens and
 * 36,000 s ID tokens; IAM role sessions up to 12 h; app sessions are checked on every request.
 */
export const DEFAULT_TOKEN_LIFETIMES: Record<IdentityProviderName, Lifetime> = {
  cognito: { accessTokenSeconds: 3_600, idTokenSeconds: 3_600 },
  okta: { accessTokenSeconds: 3_600, idTokenSeconds: 3_600 },
  entra: { accessTokenSeconds: 5_400, idTokenSeconds: 3_600 },
  auth0: { accessTokenSeconds: 86_400, idTokenSeconds: 36_000 },
  iam: { accessTokenSeconds: 43_200, idTokenSeconds: 0 },
  'app-sessions': { accessTokenSeconds: 0, idTokenSeconds: 0 },
};

const url = z.url({ protocol: /^https?$/ });
const secretId = z.string().min(1).max(2048);

/** The `identity` settings beyond the provider list: where each provider is, and who may be touched. */
export const IdentitySettings = {
  /** Okta org, e.g. https://example.okta.com; the secret holds {"apiToken": "…"} (SSWS). */
  okta: z.object({ baseUrl: url, secretId }).strict().optional(),
  /** Microsoft Entra tenant; the secret holds {"clientId": "…", "clientSecret": "…"} of an app registration. */
  entra: z
    .object({
      tenantId: z.string().min(1),
      graphUrl: url.default('https://graph.microsoft.com/v1.0'),
      loginUrl: url.default('https://login.microsoftonline.com'),
      secretId,
    })
    .strict()
    .optional(),
  /** Auth0 tenant, e.g. https://example.eu.auth0.com; the secret holds {"clientId", "clientSecret"} of an M2M app. */
  auth0: z
    .object({
      baseUrl: url,
      secretId,
      /** Database connection whose password a forced reset replaces. */
      connection: z.string().min(1).default('Username-Password-Authentication'),
    })
    .strict()
    .optional(),
  /** Accounts that are IAM principals: account name → IAM role or IAM user name. */
  iam: z
    .object({
      roles: z.record(z.string(), z.string().min(1).max(64)).default({}),
      users: z.record(z.string(), z.string().min(1).max(64)).default({}),
    })
    .strict()
    .optional(),
  /** Per provider, overrides of the token lifetimes the residual access window is computed from. */
  tokenLifetimes: z.partialRecord(z.enum(IDENTITY_PROVIDERS), Lifetime).default({}),
  /** Members of these groups (in any provider) are contained only after a human approves. */
  vipGroups: z.array(z.string().min(1)).default(['administrators', 'executives', 'finance']),
  /** A step touching more accounts than this waits for a human. */
  approvalCap: z.number().int().min(1).max(1_000).default(10),
  /** Automated disables and password resets beyond this many per window stop, page, and say why. */
  breaker: z
    .object({
      maxChanges: z.number().int().min(1).default(20),
      windowMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(60),
    })
    .strict()
    .prefault({}),
};

/** The lifetimes that apply to one provider: its override, or the default. */
export function tokenLifetime(
  overrides: Partial<Record<IdentityProviderName, Lifetime>>,
  provider: IdentityProviderName,
): Lifetime {
  return overrides[provider] ?? DEFAULT_TOKEN_LIFETIMES[provider];
}

interface CoverageInput {
  identity: {
    providers: readonly IdentityProviderName[];
    tokenLifetimes: Partial<Record<IdentityProviderName, Lifetime>>;
  } & Partial<Record<'okta' | 'entra' | 'auth0' | 'iam', unknown>>;
  waf: { blockTtlHours: number };
}

/**
 * Every configured provider has its settings, and the attacker's addresses stay blocked at least as long
 * as stolen tokens stay valid: the first block must outlast the longest token lifetime of any provider.
 */
export function checkIdentitySettings(config: CoverageInput, ctx: z.RefinementCtx): void {
  for (const provider of config.identity.providers) {
    if (
      (provider === 'okta' || provider === 'entra' || provider === 'auth0' || provider === 'iam') &&
      !config.identity[provider]
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['identity', provider],
        message: `identity.providers includes "${provider}" but identity.${provider} is not set: say where it is and which secret holds its credentials`,
      });
    }
    const { accessTokenSeconds, idTokenSeconds } = tokenLifetime(config.identity.tokenLifetimes, provider);
    const longest = Math.max(accessTokenSeconds, idTokenSeconds);
    if (provider !== 'iam' && longest > config.waf.blockTtlHours * 3600) {
      ctx.addIssue({
        code: 'custom',
        path: ['waf', 'blockTtlHours'],
        message: `${config.waf.blockTtlHours} h is shorter than ${provider}'s token lifetime (${longest} s): raise it to at least ${Math.ceil(longest / 3600)} so stolen tokens cannot outlive the block`,
      });
    }
  }
}
