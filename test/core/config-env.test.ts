import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { configForEnvironment } from '../../lambdas/core/config-env.ts';
import { loadConfig } from '../../lib/local/config-source.ts';

describe('the configuration in a Lambda environment', () => {
  const deployed = loadConfig();
  const custom = parseConfig({
    ...deployed,
    allowList: ['192.0.2.0/24', '2001:db8:1::/48'],
    waf: { ...deployed.waf, blockTtlHours: 48 },
    posture: { ...deployed.posture, tightenWhenByPlaybook: {} },
  });

  it('carries only what differs from the defaults, and parses back to the same configuration', () => {
    for (const config of [deployed, custom, parseConfig({})]) {
      const env = configForEnvironment(config);
      expect(parseConfig(env)).toEqual(config);
      expect(env.length).toBeLessThan(JSON.stringify(config).length);
    }
    expect(JSON.parse(configForEnvironment(custom))).toMatchObject({ waf: { blockTtlHours: 48 } });
    expect(configForEnvironment(parseConfig({}))).toBe('{}');
  });
});
