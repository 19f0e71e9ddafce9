import { z } from 'zod';
import { parseCidr } from './cidr.ts';
import { CONTAIN_ACTIONS } from './containment.ts';
import { DetectionConfigSchema } from './detect/thresholds.ts';
import { checkIdentitySettings, IDENTITY_PROVIDERS, IdentitySettings } from './identity-config.ts';
import { LegalConfigSchema } from './legal-clocks.ts';
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
    /** Email subscribed to the paging topic at deploy time (optional). */
    pageEmail: z.email().optional(),
  })
  .strict()
  .superRefine(checkIdentitySettings);

export type RiposteConfig = z.output<typeof RiposteConfigSchema>;
export type RiposteConfigInput = z.input<typeof RiposteConfigSchema>;

/** Parse configuration, turning every problem into one message that names the field. */
export function parseConfig(raw: unknown, origin = 'riposte configuration'): RiposteConfig {
  const value = typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {});
  const result = RiposteConfigSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`${origin} is invalid: ${problems.join('; ')}`);
  }
  return result.data;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
