import { describe, expect, it } from 'vitest';
import {
  type CustodyEntry,
  custodyHash,
  custodyLine,
  GENESIS,
  nextCustodyEntry,
  verifyCustodyChain,
} from '../../lambdas/core/custody.ts';
import { sha256Hex } from '../../lambdas/core/evidence.ts';

function chain(n: number): CustodyEntry[] {
  const entries: CustodyEntry[] = [];
  for (let i = 0; i < n; i++) {
    entries.push(
      nextCustodyEntry(entries.at(-1), {
        at: `2026-11-20T03:3${i}:00.000Z`,
        actor: i === 0 ? 'riposte/collect-evidence' : 'examiner',
        action: i === 0 ? 'collect' : 'verify',
        what: 'incidents/INC-1/',
        why: `step ${i}`,
      }),
    );
  }
  return entries;
}
const headOf = (entries: CustodyEntry[]) => {
  const last = entries.at(-1) as CustodyEntry;
  return { seq: last.seq, hash: custodyHash(last) };
};

describe('chain of custody', () => {
  it('links each entry to the SHA-256 of the previous line, so sha256sum of a line reproduces it', () => {
    const [first, second] = chain(2) as [CustodyEntry, CustodyEntry];
    expect(first.prevHash).toBe(GENESIS);
    expect(second.prevHash).toBe(sha256Hex(new TextEncoder().encode(custodyLine(first))));
    expect(custodyLine(first)).toMatch(/^\{"action":"collect","actor":.*"seq":0,.*\}\n$/);
    // Key order in storage does not matter: the line is canonical.
    const shuffled = Object.fromEntries(Object.entries(first).reverse()) as unknown as CustodyEntry;
    expect(custodyLine(shuffled)).toBe(custodyLine(first));
  });

  it('finds nothing wrong with an untouched chain', () => {
    const entries = chain(5);
    expect(verifyCustodyChain(entries, headOf(entries))).toEqual([]);
  });

  it('names a deleted entry', () => {
    const entries = chain(5);
    const head = headOf(entries);
    entries.splice(2, 1);
    expect(verifyCustodyChain(entries, head)).toEqual([
      expect.objectContaining({ kind: 'ledger-entry-missing', entry: 2 }),
    ]);
  });

  it('names a deleted last entry through the recorded head', () => {
    const entries = chain(4);
    const head = headOf(entries);
    entries.pop();
    expect(verifyCustodyChain(entries, head)).toEqual([
      expect.objectContaining({ kind: 'ledger-entry-missing', entry: 3 }),
    ]);
  });

  it('keeps naming a removed last entry after later entries are appended (a verify records itself)', () => {
    const entries = chain(4);
    const head = headOf(entries);
    entries.pop();
    const next = nextCustodyEntry(
      entries.at(-1),
      {
        at: '2026-11-20T04:00:00.000Z',
        actor: 'examiner',
        action: 'verify',
        what: 'incidents/INC-1/',
        why: 'again',
      },
      head,
    );
    expect(next.seq).toBe(4);
    entries.push(next);
    expect(verifyCustodyChain(entries, headOf(entries))).toEqual([
      expect.objectContaining({ kind: 'ledger-entry-missing', entry: 3 }),
    ]);
  });

  it('names reordered entries', () => {
    const entries = chain(5);
    const head = headOf(entries);
    [entries[1], entries[3]] = [entries[3] as CustodyEntry, entries[1] as CustodyEntry];
    const findings = verifyCustodyChain(entries, head);
    expect(findings).toEqual([expect.objectContaining({ kind: 'ledger-reordered', entry: 3 })]);
    expect(findings[0]?.detail).toContain('entries 3, 1');
  });

  it('names an altered entry, in the middle or at the end', () => {
    const entries = chain(4);
    const head = headOf(entries);
    const altered = entries.map((e) => (e.seq === 1 ? { ...e, why: 'nothing to see' } : e));
    expect(verifyCustodyChain(altered, head)).toEqual([
      expect.objectContaining({ kind: 'ledger-entry-altered', entry: 1 }),
    ]);
    const lastAltered = entries.map((e) => (e.seq === 3 ? { ...e, actor: 'someone else' } : e));
    expect(verifyCustodyChain(lastAltered, head)).toEqual([
      expect.objectContaining({ kind: 'ledger-head-mismatch', entry: 3 }),
    ]);
  });
});
