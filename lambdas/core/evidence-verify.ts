import { createPublicKey, verify } from 'node:crypto';
import { type CustodyEntry, type CustodyHead, type LedgerFinding, verifyCustodyChain } from './custody.ts';
import { evidenceKey, type Manifest, sha256Hex } from './evidence.ts';

/** The files sealed beside the objects of an incident. */
export const SEAL_FILES = {
  manifest: 'manifest.json',
  /** DER-encoded ECDSA P-256 / SHA-256 signature of manifest.json's bytes. */
  signature: 'manifest.sig',
  publicKey: 'public-key.pem',
} as const;

/** What the signer and verifier agree on: ECDSA over NIST P-256 with SHA-256, DER signatures. */
export const SIGNATURE_ALGORITHM = 'ECDSA_SHA_256';

export type EvidenceFinding =
  | { kind: 'manifest-missing'; detail: string }
  | { kind: 'bad-signature'; detail: string }
  | { kind: 'foreign-key'; detail: string }
  | { kind: 'hash-mismatch'; key: string; detail: string }
  | { kind: 'object-missing'; key: string; detail: string }
  | { kind: 'extra-object'; key: string; detail: string }
  | { kind: 'manifest-not-in-ledger'; detail: string }
  | LedgerFinding;

export interface ObjectReport {
  key: string;
  status: 'intact' | 'changed' | 'missing';
  sha256: string;
}

export interface EvidenceReport {
  incidentId: string;
  ok: boolean;
  manifestSha256?: string;
  signatureOk: boolean;
  objects: ObjectReport[];
  ledgerEntries: number;
  findings: EvidenceFinding[];
}

/** Everything read back from the store and the ledger; `trustedPublicKeyPem` comes from the signer (KMS or the state folder). */
export interface EvidenceReading {
  incidentId: string;
  /** Every key under incidents/<id>/. */
  keys: readonly string[];
  read(key: string): Promise<Uint8Array | undefined>;
  trustedPublicKeyPem: string;
  ledger: readonly CustodyEntry[];
  head?: CustodyHead;
}

export function verifySignature(message: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean {
  try {
    return verify('sha256', message, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

function samePublicKey(a: string, b: string): boolean {
  try {
    const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return der(a).equals(der(b));
  } catch {
    return false;
  }
}

/**
 * Re-read everything and say what no longer holds: each object's hash against the signed manifest,
 * the signature against riposte's own key (never only the key stored beside it), objects nobody sealed,
 * the chain of custody, and that the ledger's seal entry names this very manifest.
 */
export async function verifyEvidence(reading: EvidenceReading): Promise<EvidenceReport> {
  const { incidentId } = reading;
  const findings: EvidenceFinding[] = verifyCustodyChain(reading.ledger, reading.head);
  const base = { incidentId, ledgerEntries: reading.ledger.length };
  const manifestBytes = await reading.read(evidenceKey(incidentId, SEAL_FILES.manifest));
  if (!manifestBytes) {
    findings.unshift({ kind: 'manifest-missing', detail: `no ${SEAL_FILES.manifest} for ${incidentId}` });
    return { ...base, ok: false, signatureOk: false, objects: [], findings };
  }
  const manifestSha256 = sha256Hex(manifestBytes);
  const signature = await reading.read(evidenceKey(incidentId, SEAL_FILES.signature));
  const signatureOk = !!signature && verifySignature(manifestBytes, signature, reading.trustedPublicKeyPem);
  if (!signatureOk) {
    findings.push({
      kind: 'bad-signature',
      detail: signature
        ? `${SEAL_FILES.signature} does not verify ${SEAL_FILES.manifest} with riposte's signing key: the manifest was changed or signed by another key`
        : `${SEAL_FILES.signature} is missing`,
    });
  }
  const storedKey = await reading.read(evidenceKey(incidentId, SEAL_FILES.publicKey));
  if (!storedKey || !samePublicKey(new TextDecoder().decode(storedKey), reading.trustedPublicKeyPem)) {
    findings.push({
      kind: 'foreign-key',
      detail: `${SEAL_FILES.publicKey} is missing or is not riposte's signing key`,
    });
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
  } catch {
    findings.push({ kind: 'bad-signature', detail: `${SEAL_FILES.manifest} is not JSON` });
    return { ...base, ok: false, manifestSha256, signatureOk: false, objects: [], findings };
  }
  const objects: ObjectReport[] = [];
  for (const o of manifest.objects ?? []) {
    const bytes = await reading.read(o.key);
    if (!bytes) {
      objects.push({ key: o.key, status: 'missing', sha256: o.sha256 });
      findings.push({ kind: 'object-missing', key: o.key, detail: `${o.key} is missing` });
      continue;
    }
    const actual = sha256Hex(bytes);
    const intact = actual === o.sha256 && bytes.byteLength === o.size;
    objects.push({ key: o.key, status: intact ? 'intact' : 'changed', sha256: actual });
    if (!intact) {
      findings.push({
        kind: 'hash-mismatch',
        key: o.key,
        detail: `${o.key} changed: sha256 ${actual} (${bytes.byteLength} bytes), sealed as ${o.sha256} (${o.size} bytes)`,
      });
    }
  }
  const sealed = new Set([
    ...objects.map((o) => o.key),
    ...Object.values(SEAL_FILES).map((name) => evidenceKey(incidentId, name)),
  ]);
  for (const key of reading.keys) {
    if (!sealed.has(key))
      findings.push({ kind: 'extra-object', key, detail: `${key} is not in the sealed manifest` });
  }
  const sealEntry = reading.ledger.find((e) => e.action === 'seal');
  if (sealEntry?.data?.manifestSha256 !== manifestSha256) {
    findings.push({
      kind: 'manifest-not-in-ledger',
      detail: sealEntry
        ? `the chain of custody sealed manifest ${String(sealEntry.data?.manifestSha256)}, not this one (${manifestSha256})`
        : 'the chain of custody has no seal entry',
    });
  }
  return { ...base, ok: findings.length === 0, manifestSha256, signatureOk, objects, findings };
}
