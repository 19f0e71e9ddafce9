import { canonical, sha256Hex } from './evidence.ts';

/** What happened to the evidence: NIST SP 800-86's collection, examination and hand-over, plus holds. */
export type CustodyAction = 'collect' | 'seal' | 'verify' | 'export' | 'legal-hold';

/** One line of an incident's chain of custody: who did what to which evidence, when and why. */
export interface CustodyEntry {
  /** Position in the ledger, from 0; an entry is written once at its position and never replaced. */
  seq: number;
  at: string;
  actor: string;
  action: CustodyAction;
  /** The evidence concerned (keys, manifest hash, export folder). */
  what: string;
  why: string;
  /** SHA-256 of the previous entry's line (`GENESIS` for the first), so no entry can go unnoticed. */
  prevHash: string;
  data?: Record<string, unknown>;
}

export type CustodyFields = Omit<CustodyEntry, 'seq' | 'prevHash'>;

export const GENESIS = '0'.repeat(64);

/**
 * The entry as one line of `ledger.jsonl`: compact JSON, keys sorted, a trailing newline. Its SHA-256 is
 * the next entry's prevHash, so `sed -n Np ledger.jsonl | sha256sum` checks a link with standard tools.
 */
export function custodyLine(entry: CustodyEntry): string {
  return `${JSON.stringify(canonical(entry))}\n`;
}

export function custodyHash(entry: CustodyEntry): string {
  return sha256Hex(new TextEncoder().encode(custodyLine(entry)));
}

/** The entry that follows `previous` (undefined for the first one). */
export function nextCustodyEntry(
  previous: CustodyEntry | undefined,
  fields: CustodyFields,
  head?: CustodyHead,
): CustodyEntry {
  // Entries removed from the end leave the head ahead of the last stored entry: chain on the head, so the
  // gap stays in the ledger (and in every later verification) instead of being written over.
  if (head && head.seq > (previous?.seq ?? -1)) return { ...fields, seq: head.seq + 1, prevHash: head.hash };
  return {
    ...fields,
    seq: previous ? previous.seq + 1 : 0,
    prevHash: previous ? custodyHash(previous) : GENESIS,
  };
}

/** The last entry as the ledger recorded it separately, so a removed or altered tail shows too. */
export interface CustodyHead {
  seq: number;
  hash: string;
}

export interface LedgerFinding {
  kind: 'ledger-entry-missing' | 'ledger-entry-altered' | 'ledger-reordered' | 'ledger-head-mismatch';
  /** The entry (seq) concerned. */
  entry: number;
  detail: string;
}

/**
 * Check the chain as read (in storage order): positions must hold entries 0, 1, 2…, each entry's
 * prevHash must be the hash of the one before, and the last must be the recorded head. Each break is
 * named: a gap is a missing entry, a permutation is a reordering, a broken link an altered entry.
 */
export function verifyCustodyChain(entries: readonly CustodyEntry[], head?: CustodyHead): LedgerFinding[] {
  const findings: LedgerFinding[] = [];
  const seqs = entries.map((e) => e.seq);
  const sorted = [...seqs].sort((a, b) => a - b);
  if (seqs.some((s, i) => s !== sorted[i])) {
    const moved = entries.flatMap((e, i) => (e.seq !== sorted[i] ? [e.seq] : []));
    findings.push({
      kind: 'ledger-reordered',
      entry: moved[0] ?? 0,
      detail: `ledger entries out of order: entries ${moved.join(', ')} are not at their positions`,
    });
  }
  const present = new Set(seqs);
  const last = Math.max(head?.seq ?? -1, ...seqs);
  for (let seq = 0; seq <= last; seq++) {
    if (!present.has(seq)) {
      findings.push({ kind: 'ledger-entry-missing', entry: seq, detail: `ledger entry ${seq} is missing` });
    }
  }
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  for (const entry of entries) {
    const before = bySeq.get(entry.seq - 1);
    const expected = entry.seq === 0 ? GENESIS : before && custodyHash(before);
    if (expected !== undefined && entry.prevHash !== expected) {
      // Entry N's content no longer hashes to what N+1 recorded: N was altered (or N+1's link was).
      const altered = entry.seq === 0 ? 0 : entry.seq - 1;
      findings.push({
        kind: 'ledger-entry-altered',
        entry: altered,
        detail: `ledger entry ${altered} was altered: entry ${entry.seq} recorded a different hash for it`,
      });
    }
  }
  const tail = bySeq.get(last);
  if (head && tail && (head.seq !== tail.seq || head.hash !== custodyHash(tail))) {
    findings.push({
      kind: 'ledger-head-mismatch',
      entry: tail.seq,
      detail: `ledger entry ${tail.seq} does not match the recorded head (entry ${head.seq}, sha256 ${head.hash.slice(0, 16)}…): altered, or entries after it removed`,
    });
  }
  return findings;
}
