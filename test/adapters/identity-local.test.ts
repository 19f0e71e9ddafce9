import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalUserPool } from '../../lambdas/adapters/identity/cognito-local.ts';

const now = () => new Date('2025-01-02T03:04:05.000Z');

describe('LocalUserPool', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('seeds a confirmed, enabled user with one refresh token', async () => {
    const pool = new LocalUserPool({ now });
    pool.seed('alice');
    expect(pool.user('alice')).toEqual({
      username: 'alice',
      enabled: true,
      status: 'CONFIRMED',
      refreshTokens: 1,
    });
    await expect(pool.getState('alice')).resolves.toEqual({
      user: 'alice',
      provider: 'cognito',
      exists: true,
      enabled: true,
      passwordStatus: 'CONFIRMED',
      groups: [],
    });
    expect(pool.name).toBe('cognito');
    expect(pool.supports).toContain('force-password-reset');
  });

  it('revokes all refresh tokens and records when', async () => {
    const pool = new LocalUserPool({ now });
    pool.seed('alice', { refreshTokens: 3 });
    await expect(pool.revokeSessions('alice')).resolves.toEqual({ revoked: 3 });
    expect(pool.user('alice')).toMatchObject({
      refreshTokens: 0,
      tokensValidAfter: '2025-01-02T03:04:05.000Z',
    });
    await expect(pool.revokeSessions('alice')).resolves.toEqual({ revoked: 0 });
  });

  it('signs out a disabled user too', async () => {
    const pool = new LocalUserPool({ now });
    pool.seed('bob', { enabled: false, refreshTokens: 2 });
    await expect(pool.revokeSessions('bob')).resolves.toEqual({ revoked: 2 });
  });

  it('forces a password change', async () => {
    const pool = new LocalUserPool({ now });
    pool.seed('alice');
    await pool.forcePasswordReset('alice');
    expect(pool.user('alice')?.status).toBe('FORCE_CHANGE_PASSWORD');
    expect((await pool.getState('alice')).passwordStatus).toBe('FORCE_CHANGE_PASSWORD');
  });

  it("answers unknown users like Cognito's", async () => {
    const pool = new LocalUserPool({ now });
    await expect(pool.getState('ghost')).resolves.toEqual({
      user: 'ghost',
      provider: 'cognito',
      exists: false,
    });
    for (const call of [() => pool.revokeSessions('ghost'), () => pool.forcePasswordReset('ghost')]) {
      await expect(call()).rejects.toMatchObject({
        name: 'UserNotFoundException',
        message: 'User does not exist.',
      });
    }
    expect(pool.user('ghost')).toBeUndefined();
  });

  it('injects faults for the next calls only', async () => {
    const pool = new LocalUserPool({ now });
    pool.seed('alice', { refreshTokens: 2 });
    pool.failNext('TooManyRequestsException', 2);
    await expect(pool.revokeSessions('alice')).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    await expect(pool.getState('alice')).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(pool.user('alice')?.refreshTokens).toBe(2);
    await expect(pool.revokeSessions('alice')).resolves.toEqual({ revoked: 2 });
  });

  it('returns copies, not live state', () => {
    const pool = new LocalUserPool({ now });
    const seeded = pool.seed('alice');
    seeded.enabled = false;
    const read = pool.user('alice');
    if (read) read.refreshTokens = 99;
    expect(pool.user('alice')).toMatchObject({ enabled: true, refreshTokens: 1 });
  });

  it('persists every change to its file and loads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-pool-'));
    dirs.push(dir);
    const file = join(dir, 'pool.json');
    const first = new LocalUserPool({ file, now });
    first.seed('alice', { refreshTokens: 2 });
    first.seed('bob');
    await first.revokeSessions('alice');
    await first.forcePasswordReset('bob');
    expect(JSON.parse(readFileSync(file, 'utf8')).users.alice.refreshTokens).toBe(0);

    const second = new LocalUserPool({ file, now });
    expect(second.user('alice')).toMatchObject({
      refreshTokens: 0,
      tokensValidAfter: '2025-01-02T03:04:05.000Z',
    });
    expect(second.user('bob')).toMatchObject({ status: 'FORCE_CHANGE_PASSWORD', refreshTokens: 1 });
    await expect(second.getState('carol')).resolves.toMatchObject({ exists: false });
  });

  it('starts empty when the file does not exist yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-pool-'));
    dirs.push(dir);
    const pool = new LocalUserPool({ file: join(dir, 'missing.json'), now });
    await expect(pool.getState('alice')).resolves.toMatchObject({ exists: false });
  });
});
