import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalEvidenceStore } from '../../lambdas/adapters/evidence/local.ts';
import { sha256Hex } from '../../lambdas/core/evidence.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('LocalEvidenceStore', () => {
  let root: string;
  let store: LocalEvidenceStore;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'riposte-evidence-'));
    store = new LocalEvidenceStore({ root, now: () => new Date('2025-03-01T10:00:00Z') });
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the object where the bucket key says and indexes it', async () => {
    const body = bytes('{"a":1}\n');
    const stored = await store.put('incidents/inc-1/a.jsonl', body, 'application/x-ndjson');
    expect(stored).toEqual({
      key: 'incidents/inc-1/a.jsonl',
      sha256: sha256Hex(body),
      size: body.byteLength,
    });
    expect(readFileSync(join(root, 'incidents', 'inc-1', 'a.jsonl'), 'utf8')).toBe('{"a":1}\n');
    expect(await store.get('incidents/inc-1/a.jsonl')).toEqual(body);
    const index = JSON.parse(readFileSync(join(root, '.objects.json'), 'utf8'));
    expect(index['incidents/inc-1/a.jsonl']).toMatchObject({
      sha256: sha256Hex(body),
      size: body.byteLength,
      writtenAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it('accepts a re-delivery of the same bytes and keeps the first record', async () => {
    const first = await store.put('incidents/inc-1/a', bytes('same'), 'text/plain');
    const later = new LocalEvidenceStore({ root, now: () => new Date('2025-03-02T00:00:00Z') });
    expect(await later.put('incidents/inc-1/a', bytes('same'), 'text/plain')).toEqual(first);
    expect((await later.entries())[0]?.writtenAt).toBe('2025-03-01T10:00:00.000Z');
  });

  it('refuses different bytes under an existing key', async () => {
    await store.put('incidents/inc-1/a', bytes('original'), 'text/plain');
    await expect(store.put('incidents/inc-1/a', bytes('tampered'), 'text/plain')).rejects.toMatchObject({
      name: 'EvidenceConflict',
    });
    expect(new TextDecoder().decode(await store.get('incidents/inc-1/a'))).toBe('original');
  });

  it('lets exactly one of two concurrent different writes win', async () => {
    const results = await Promise.allSettled([
      store.put('incidents/inc-1/race', bytes('one'), 'text/plain'),
      store.put('incidents/inc-1/race', bytes('two'), 'text/plain'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('lists by prefix, sorted, without bookkeeping files', async () => {
    await store.put('incidents/inc-2/b', bytes('b'), 'text/plain');
    await store.put('incidents/inc-1/z', bytes('z'), 'text/plain');
    await store.put('incidents/inc-1/a', bytes('a'), 'text/plain');
    expect(await store.list('incidents/inc-1/')).toEqual(['incidents/inc-1/a', 'incidents/inc-1/z']);
    expect(await store.list('')).toEqual(['incidents/inc-1/a', 'incidents/inc-1/z', 'incidents/inc-2/b']);
    expect(await store.list('incidents/inc-9/')).toEqual([]);
  });

  it('lists nothing and gets NoSuchKey from an empty folder', async () => {
    const empty = new LocalEvidenceStore({ root: join(root, 'missing') });
    expect(await empty.list('')).toEqual([]);
    await expect(empty.get('incidents/x/y')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it.each([
    '../escape',
    'incidents/../../x',
    '/abs',
    'a//b',
    '.objects.json',
    'a\\b',
  ])('rejects the key %j', async (key) => {
    await expect(store.put(key, bytes('x'), 'text/plain')).rejects.toMatchObject({
      name: 'InvalidEvidenceKey',
    });
  });

  it('injects faults by name for the next calls only', async () => {
    store.failNext('SlowDown', 2);
    await expect(store.put('incidents/inc-1/a', bytes('a'), 'text/plain')).rejects.toMatchObject({
      name: 'SlowDown',
    });
    await expect(store.list('')).rejects.toMatchObject({ name: 'SlowDown' });
    await expect(store.put('incidents/inc-1/a', bytes('a'), 'text/plain')).resolves.toMatchObject({
      size: 1,
    });
  });
});
