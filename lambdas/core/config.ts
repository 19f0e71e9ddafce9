import { z } from 'zod';
import { parseCidr } from './cidr.ts';
import { CONTAIN_ACTIONS } from './containment.ts';
import { DetectionConfigSchema } from './detect/thresholds.ts';
import { checkIdentitySettings, IDENTITY_PROVIDERS, IdentitySettings } from './identity-config.ts';
import { LegalConfigSchema } from './legal-clocks.ts';
import { NoticesConfigSchema } from './notices.ts';
import { PostureConfigSchema } from './posture.ts';

/** An allow-listed CIDR: validated and normalized so overlap checks are exact. */
const cidr = z.string().transform((value, ctx) => {
  try {
    return parseCidr(value).cidr;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export { IDENTITY_PROVIDERS, type IdentityProviderName } from './identity-config.ts';

/** How far before the first detection an evidence window starts: up to 30 days. */
const windowMinutes = z
  .number()
  .int()
  .min(0)
  .max(60 * 24 * 30);

/** Deploy-time configuration: read from CDK context key `riposte`, handed to Lambdas as RIPOSTE_CONFIG. */
export const RiposteConfigSchema = z
  .object({
    /** Never blocked: offices, NAT gateways, partners, health checkers. */
    allowList: z.array(cidr).default([]),
    /** Accept allow-list entries broader than /8 (IPv4) or /16 (IPv6), such as 0.0.0.0/0, which exempt that much from blocking. */
    acceptBroadAllowList: z.boolean().default(false),
    waf: z
      .object({
        scope: z.enum(['REGIONAL', 'CLOUDFRONT']).default('REGIONAL'),
        /** Broadest prefix riposte may block: /16 for IPv4 and /48 for IPv6 by default. */
        maxPrefixV4: z.number().int().min(8).max(32).default(16),
        maxPrefixV6: z.number().int().min(16).max(128).default(48),
        /** How long a first block lasts. */
        blockTtlHours: z
          .number()
          .positive()
          .max(24 * 365)
          .default(24),
        /** Longer blocks for an address blocked again after its block expired: 7 days, then 30 days. */
        repeatBlockHours: z
          .array(
            z
              .number()
              .positive()
              .max(24 * 365),
          )
          .max(10)
          .default([168, 720]),
        /** IP sets per address family, 10,000 addresses each, all referenced by the rule group. */
        ipSetsV4: z.number().int().min(1).max(40).default(5),
        ipSetsV6: z.number().int().min(1).max(40).default(2),
        /** WAF allows about one IP-set write per second per account and Region. */
        writesPerSecond: z.number().positive().max(10).default(1),
        /** More new entries than this in one execution waits for a human to approve. */
        approvalThreshold: z.number().int().min(1).default(500),
        /** Plan and record blocks without writing them anywhere. */
        dryRun: z.boolean().default(false),
      })
      .prefault({}),
    evidence: z
      .object({
        retentionDays: z.number().int().min(1).max(36500).default(365),
        lockMode: z.enum(['GOVERNANCE', 'COMPLIANCE']).default('GOVERNANCE'),
        /** Minutes of logs before the first observation that belong to the incident window: 72 h. */
        windowMinutesBefore: windowMinutes.default(72 * 60),
        /** CloudWatch Logs groups read for evidence on AWS. */
        logGroups: z.array(z.string().min(1)).default([]),
        /** S3 prefixes where logs already land (WAF, CloudTrail, ALB): objects delivered in the window are copied. */
        s3Prefixes: z
          .array(
            z
              .object({
                /** Names the copies (`s3-<name>-…`). */
                name: z.string().regex(/^[a-z0-9-]{1,32}$/),
                bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
                prefix: z.string().default(''),
              })
              .strict(),
          )
          .default([]),
        /** Put a legal hold on every evidence object (on top of the retention), until lifted by hand. */
        legalHold: z.boolean().default(false),
        /** Per playbook id: a different window or a legal hold for that playbook's incidents. */
        playbooks: z
          .record(
            z.string(),
            z
              .object({ windowMinutesBefore: windowMinutes.optional(), legalHold: z.boolean().optional() })
              .strict(),
          )
          .default({}),
        /**
         * How much one collect invocation reads: pages of `pageSize` records (FilterLogEvents' limit); a
         * larger window continues in the next invocation of the playbook's collect loop.
         */
        pageSize: z.number().int().min(1).max(10_000).default(10_000),
        pagesPerInvocation: z.number().int().min(1).max(1_000).default(20),
      })
      .prefault({}),
    identity: z
      .object({
        providers: z.array(z.enum(IDENTITY_PROVIDERS)).min(1).default(['cognito', 'app-sessions']),
        /** Existing Cognito user pool to contain accounts in (required on AWS when `cognito` is used). */
        cognitoUserPoolId: z
          .string()
          .regex(/^[\w-]+_[0-9a-zA-Z]+$/)
          .optional(),
        ...IdentitySettings,
      })
      .prefault({}),
    riskySignin: z
      .object({
        /** What the risky-signin playbook does to an account at risk 70 or more (revoke sessions at least). */
        highRiskActions: z
          .array(z.enum(CONTAIN_ACTIONS))
          .min(1)
          .refine((a) => a.includes('revoke-sessions'), 'must include revoke-sessions')
          .default(['revoke-sessions', 'force-password-reset']),
      })
      .prefault({}),
    /** Detector thresholds (docs/detection.md). */
    detection: DetectionConfigSchema,
    /** Emergency posture and its staged relaxation (docs/posture.md). */
    posture: PostureConfigSchema,
    /** Legal clocks of a personal-data breach (docs/legal-clocks.md). */
    legal: LegalConfigSchema,
    /**
     * Who may own a case (`riposte assign`): e-mail addresses or IAM names, compared case-insensitively.
     * Empty: any name is accepted.
     */
    responders: z.array(z.string().trim().min(1).max(256)).max(500).default([]),
    /** Notices to the owners of contained accounts (docs/notices.md). */
    notices: NoticesConfigSchema,
    /** Email subscribed to the paging topic at deploy time (optional). */
    pageEmail: z.email().optional(),
    /** The responder's console on the deployed stack: site, API and its user pool (README: Console). */
    console: z
      .object({
        enabled: z.boolean().default(true),
        /** Prefix of the user pool's hosted sign-in domain (<prefix>.auth.<region>.amazoncognito.com). */
        domainPrefix: z
          .string()
          .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/)
          .optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine(checkIdentitySettings);

export type RiposteConfig = z.output<typeof RiposteConfigSchema>;
export type RiposteConfigInput = z.input<typeof RiposteConfigSchema>;

/** Parse configuration, turning every problem into one message that names the field. */
export function parseConfig(raw: unknown, origin = 'riposte configuration'): RiposteConfig {
  const value = typeof raw === 'string' ? JSON.parse(raw) : raw === undefined ? {} : raw;
  if (!isPlainObject(value))
    throw new ConfigError(`${origin} is invalid: it must be a JSON object, not ${JSON.stringify(value)}`);
  const result = RiposteConfigSchema.safeParse(value);
  const problems = result.success
    ? [...unknownKeys(value, result.data), ...broadAllowList(value, result.data)]
    : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  if (problems.length > 0) throw new ConfigError(`${origin} is invalid: ${problems.join('; ')}`);
  return result.data as RiposteConfig;
}

/**
 * Every section is strict, whoever adds it: a key the schema does not know (it is missing from the parsed
 * value) is refused with its path, never dropped (`waf.dryrun` for `waf.dryRun` would block for real).
 */
function unknownKeys(input: unknown, output: unknown, at: string[] = []): string[] {
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((v, i) => unknownKeys(v, output[i], [...at, String(i)]));
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.keys(input).flatMap((key) => {
    if (Object.hasOwn(output, key)) return unknownKeys(input[key], output[key], [...at, key]);
    const near = Object.keys(output).find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
    return [
      `${[...at, key].join('.')}: unknown key${near ? ` (did you mean ${[...at, near].join('.')}?)` : ''}`,
    ];
  });
}

function editDistance(a: string, b: string): number {
  let row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] ?? 0;
}

/** Broadest allow-list entry accepted without `acceptBroadAllowList`: a /8 of IPv4, a /16 of IPv6. */
const BROADEST_ALLOWED = { 4: 8, 6: 16 } as const;

/** `0.0.0.0/0` or `::/0` in the allow-list would quietly turn blocking off. */
function broadAllowList(input: Record<string, unknown>, config: RiposteConfig): string[] {
  if (config.acceptBroadAllowList) return [];
  return config.allowList.flatMap((entry, i) => {
    const c = parseCidr(entry);
    return c.prefix < BROADEST_ALLOWED[c.version]
      ? [
          `allowList.${i}: ${JSON.stringify((input.allowList as unknown[])[i])} is broader than /${BROADEST_ALLOWED[c.version]} and would exempt ${c.prefix === 0 ? 'every address' : 'a large part of the internet'} from blocking; set "acceptBroadAllowList": true if that is intended`,
        ]
      : [];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
