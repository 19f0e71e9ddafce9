import { createPublicKey, verify } from 'node:crypto';
import { type CustodyEntry, type CustodyHead, type LedgerFinding, verifyCustodyChain } from './custody.ts';
import { type GenerationLink, generationKey, generationOfKey, type Manifest, sha256Hex } from './evidence.ts';

/** The files sealed beside the objects of an incident. */
export const SEAL_FILES = {
  manifest: 'manifest.json',
  /** DER-encoded ECDSA P-256 / SHA-256 signature of manifest.json's bytes. */
  signature: 'manifest.sig',
  publicKey: 'public-key.pem',
} as const;

/** What the signer and verifier agree on: ECDSA over NIST P-256 with SHA-256, DER signatures. */
export const SIGNATURE_ALGORITHM = 'ECDSA_SHA_256';

/** Findings about one generation's seal name it (`generation`); object findings name the key. */
export type EvidenceFinding =
  | { kind: 'manifest-missing'; generation: number; detail: string }
  | { kind: 'bad-signature'; generation: number; detail: string }
  | { kind: 'foreign-key'; generation: number; detail: string }
  | { kind: 'hash-mismatch'; key: string; detail: string }
  | { kind: 'object-missing'; key: string; detail: string }
  | { kind: 'extra-object'; key: string; detail: string }
  | { kind: 'manifest-not-in-ledger'; generation: number; detail: string }
  | { kind: 'generation-link-broken'; generation: number; detail: string }
  | LedgerFinding;

export interface ObjectReport {
  key: string;
  status: 'intact' | 'changed' | 'missing';
  sha256: string;
}

/** One generation as verified: its manifest, signature, objects and the generation it links to. */
export interface GenerationReport {
  generation: number;
  alertId?: string;
  /** Key of its manifest. */
  manifest: string;
  manifestSha256?: string;
  signatureOk: boolean;
  previous?: GenerationLink;
  objects: ObjectReport[];
}

export interface EvidenceReport {
  incidentId: string;
  ok: boolean;
  /** The manifest of the generation sealed last. */
  manifestSha256?: string;
  /** Every generation's signature holds. */
  signatureOk: boolean;
  /** Every generation's objects. */
  objects: ObjectReport[];
  generations: GenerationReport[];
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

interface SealRecord {
  seq: number;
  manifestSha256?: string;
}

/**
 * Re-read everything and say what no longer holds, for every generation (each alert that opened or joined
 * the incident sealed its own): each object's hash against its signed manifest, the signature against
 * riposte's own key (never only the key stored beside it), objects nobody sealed, the chain of custody,
 * that the ledger's seal entry names this very manifest, and that each generation's link names the
 * manifest the ledger sealed before it.
 */
export async function verifyEvidence(reading: EvidenceReading): Promise<EvidenceReport> {
  const { incidentId } = reading;
  const findings: EvidenceFinding[] = verifyCustodyChain(reading.ledger, reading.head);
  const seals = new Map<string, SealRecord>();
  for (const e of reading.ledger) {
    if (e.action !== 'seal' || seals.has(e.what)) continue;
    const sha = e.data?.manifestSha256;
    seals.set(e.what, { seq: e.seq, ...(typeof sha === 'string' ? { manifestSha256: sha } : {}) });
  }
  const isManifest = (key: string) =>
    generationOfKey(incidentId, key) !== undefined && key.endsWith(`/${SEAL_FILES.manifest}`);
  const manifestKeys = [
    ...new Set([...reading.keys.filter(isManifest), ...[...seals.keys()].filter(isManifest)]),
  ].sort((a, b) => (generationOfKey(incidentId, a) ?? 0) - (generationOfKey(incidentId, b) ?? 0));
  if (manifestKeys.length === 0) manifestKeys.push(generationKey(incidentId, 1, SEAL_FILES.manifest));

  const generations: GenerationReport[] = [];
  const sealedKeys = new Set<string>();
  for (const manifestKey of manifestKeys) {
    const generation = generationOfKey(incidentId, manifestKey) ?? 1;
    const report = await verifyGeneration(reading, generation, seals, findings);
    generations.push(report);
    for (const o of report.objects) sealedKeys.add(o.key);
    for (const name of Object.values(SEAL_FILES)) sealedKeys.add(generationKey(incidentId, generation, name));
  }
  for (const key of reading.keys) {
    if (!sealedKeys.has(key))
      findings.push({ kind: 'extra-object', key, detail: `${key} is not in any sealed manifest` });
  }
  const latest = [...generations]
    .filter((g) => g.manifestSha256 !== undefined)
    .sort((a, b) => (seals.get(a.manifest)?.seq ?? -1) - (seals.get(b.manifest)?.seq ?? -1))
    .at(-1);
  return {
    incidentId,
    ok: findings.length === 0,
    ...(latest?.manifestSha256 ? { manifestSha256: latest.manifestSha256 } : {}),
    signatureOk: generations.length > 0 && generations.every((g) => g.signatureOk),
    objects: generations.flatMap((g) => g.objects),
    generations,
    ledgerEntries: reading.ledger.length,
    findings,
  };
}

/** One generation: its manifest, signature, key, objects, its seal on the ledger and its link. */
async function verifyGeneration(
  reading: EvidenceReading,
  generation: number,
  seals: ReadonlyMap<string, SealRecord>,
  findings: EvidenceFinding[],
): Promise<GenerationReport> {
  const { incidentId } = reading;
  const key = (name: string) => generationKey(incidentId, generation, name);
  const manifestKey = key(SEAL_FILES.manifest);
  const label = generation === 1 ? '' : `generation ${generation}: `;
  const base = { generation, manifest: manifestKey };
  const manifestBytes = await reading.read(manifestKey);
  if (!manifestBytes) {
    findings.push({
      kind: 'manifest-missing',
      generation,
      detail: `${label}no ${SEAL_FILES.manifest} for ${incidentId}${generation === 1 ? '' : ` (${manifestKey})`}`,
    });
    return { ...base, signatureOk: false, objects: [] };
  }
  const manifestSha256 = sha256Hex(manifestBytes);
  const signature = await reading.read(key(SEAL_FILES.signature));
  const signatureOk = !!signature && verifySignature(manifestBytes, signature, reading.trustedPublicKeyPem);
  if (!signatureOk) {
    findings.push({
      kind: 'bad-signature',
      generation,
      detail: signature
        ? `${label}${SEAL_FILES.signature} does not verify ${SEAL_FILES.manifest} with riposte's signing key: the manifest was changed or signed by another key`
        : `${label}${SEAL_FILES.signature} is missing`,
    });
  }
  const storedKey = await reading.read(key(SEAL_FILES.publicKey));
  if (!storedKey || !samePublicKey(new TextDecoder().decode(storedKey), reading.trustedPublicKeyPem)) {
    findings.push({
      kind: 'foreign-key',
      generation,
      detail: `${label}${SEAL_FILES.publicKey} is missing or is not riposte's signing key`,
    });
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
  } catch {
    findings.push({
      kind: 'bad-signature',
      generation,
      detail: `${label}${SEAL_FILES.manifest} is not JSON`,
    });
    return { ...base, manifestSha256, signatureOk: false, objects: [] };
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
  const seal = seals.get(manifestKey);
  if (seal?.manifestSha256 !== manifestSha256) {
    findings.push({
      kind: 'manifest-not-in-ledger',
      generation,
      detail: seal
        ? `${label}the chain of custody sealed manifest ${String(seal.manifestSha256)}, not this one (${manifestSha256})`
        : `${label}the chain of custody has no seal entry for ${manifestKey}`,
    });
  }
  const link = manifest.previous;
  if (link) {
    const before = seals.get(link.manifest);
    const holds = before?.manifestSha256 === link.manifestSha256 && (!seal || before.seq < seal.seq);
    if (!holds) {
      findings.push({
        kind: 'generation-link-broken',
        generation,
        detail: `${label}links to generation ${link.generation} (${link.manifest}, sha256 ${link.manifestSha256}), which the chain of custody did not seal before it`,
      });
    }
  }
  return {
    ...base,
    ...(manifest.alertId ? { alertId: manifest.alertId } : {}),
    ...(link ? { previous: link } : {}),
    manifestSha256,
    signatureOk,
    objects,
  };
}
