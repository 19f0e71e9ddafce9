import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { loadConfig } from '../../lib/local/config-source.ts';

describe('strict configuration', () => {
  it.each([
    [{ waf: { dryrun: true } }, 'waf.dryrun: unknown key (did you mean waf.dryRun?)'],
    [
      { evidence: { retentiondays: 30 } },
      'evidence.retentiondays: unknown key (did you mean evidence.retentionDays?)',
    ],
    [{ identity: { provider: 'okta' } }, 'identity.provider: unknown key'],
    [
      { detection: { stuffing: { minAccount: 3 } } },
      'detection.stuffing.minAccount: unknown key (did you mean detection.stuffing.minAccounts?)',
    ],
    [
      { posture: { loginRateLimit: { baseline: 1000, emergncy: 5 } } },
      'posture.loginRateLimit.emergncy: unknown key',
    ],
    [
      { evidence: { s3Prefixes: [{ name: 'waf', bucket: 'logs-bucket', prefx: 'x/' }] } },
      'evidence.s3Prefixes.0: Unrecognized key: "prefx"',
    ],
    [{ wafs: {} }, 'wafs'],
  ])('refuses %j naming the path', (raw, expected) => {
    expect(() => parseConfig(raw, 'my.json')).toThrow(expected);
    expect(() => parseConfig(raw, 'my.json')).toThrow(/^my\.json is invalid: /);
  });

  it('accepts its own parsed output again (what the Lambdas receive as RIPOSTE_CONFIG)', () => {
    const config = loadConfig();
    expect(parseConfig(JSON.stringify(config))).toEqual(config);
  });

  it('refuses an allow-list that would disable blocking unless forced', () => {
    expect(() => parseConfig({ allowList: ['0.0.0.0/0'] })).toThrow(
      /allowList\.0: "0\.0\.0\.0\/0" is broader than \/8 and would exempt every address from blocking/,
    );
    expect(() => parseConfig({ allowList: ['192.0.2.0/24', '::/0'] })).toThrow(/allowList\.1: "::\/0"/);
    expect(() => parseConfig({ allowList: ['0.0.0.0/1'] })).toThrow(/a large part of the internet/);
    expect(parseConfig({ allowList: ['10.0.0.0/8', '2001:db8::/16'] }).allowList).toHaveLength(2);
    expect(parseConfig({ allowList: ['0.0.0.0/0'], acceptBroadAllowList: true }).allowList).toEqual([
      '0.0.0.0/0',
    ]);
  });

  it('refuses null and non-objects', () => {
    expect(() => parseConfig(null, 'c.json')).toThrow(
      'c.json is invalid: it must be a JSON object, not null',
    );
    expect(() => parseConfig([], 'c.json')).toThrow(/not \[\]/);
    expect(() => parseConfig(3, 'c.json')).toThrow(/not 3/);
  });
});

describe('configuration files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'riposte-config-'));
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };

  it('names the file that is empty, not JSON, null or missing', () => {
    const empty = file('empty.json', ' \n');
    expect(() => loadConfig(empty)).toThrow(`configuration file ${empty} is empty`);
    const garbled = file('garbled.json', '{"waf": ');
    expect(() => loadConfig(garbled)).toThrow(`configuration file ${garbled} is not JSON`);
    const nul = file('null.json', 'null');
    expect(() => loadConfig(nul)).toThrow(`${nul} is invalid: it must be a JSON object, not null`);
    expect(() => loadConfig(path.join(dir, 'absent.json'))).toThrow(/does not exist/);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const bom = file('bom.json', '\uFEFF{"waf":{"dryRun":true}}');
    expect(loadConfig(bom).waf.dryRun).toBe(true);
  });
});
