import { NamedError } from '../adapters/named-error.ts';
import type { Alert } from '../core/alerts.ts';
import { buildManifest, evidenceKey, manifestBytes, sha256Hex } from '../core/evidence.ts';
import { type Collection, evidencePolicy } from '../core/evidence-collection.ts';
import { SEAL_FILES, SIGNATURE_ALGORITHM, verifySignature } from '../core/evidence-verify.ts';
import type { BranchResult } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

const ACTOR = 'riposte/seal-evidence';

/**
 * Seal what the collect loop stored: a canonical manifest of every object and its SHA-256, signed with
 * riposte's signing key, stored beside the objects with the signature and the public key, under the
 * same Object Lock. The seal is a chain-of-custody entry naming the manifest's hash.
 */
export async function sealEvidence(
  { incidentId, alert, collect }: { incidentId: string; alert: Alert; collect: Collection },
  deps: Deps,
): Promise<BranchResult> {
  if (!collect.done || !collect.window) {
    throw new NamedError(
      'EvidenceIncomplete',
      `evidence of ${incidentId} is not collected whole yet; refusing to seal a part`,
    );
  }
  const now = deps.clock();
  const lock = { legalHold: evidencePolicy(deps.config.evidence, alert.playbook).legalHold };
  const key = (name: string) => evidenceKey(incidentId, name);
  // A retried seal keeps the manifest and signature it already stored (ECDSA signatures differ per run).
  const bytes =
    (await existing(deps, key(SEAL_FILES.manifest))) ??
    manifestBytes(
      buildManifest({
        incidentId,
        sealedAt: now,
        sealedBy: ACTOR,
        window: { start: new Date(collect.window.start), end: new Date(collect.window.end) },
        objects: collect.objects,
      }),
    );
  const publicKey = await deps.signer.publicKeyPem();
  const previous = await existing(deps, key(SEAL_FILES.signature));
  const signature =
    previous && verifySignature(bytes, previous, publicKey) ? previous : await deps.signer.sign(bytes);
  await deps.evidence.put(key(SEAL_FILES.manifest), bytes, 'application/json', lock);
  await deps.evidence.put(key(SEAL_FILES.signature), signature, 'application/octet-stream', lock);
  await deps.evidence.put(
    key(SEAL_FILES.publicKey),
    new TextEncoder().encode(publicKey),
    'application/x-pem-file',
    lock,
  );
  const manifestSha256 = sha256Hex(bytes);
  const { objects, records } = collect;
  const entry = await deps.custody.append(incidentId, {
    at: now.toISOString(),
    actor: ACTOR,
    action: 'seal',
    what: key(SEAL_FILES.manifest),
    why: `seal ${objects.length} object(s) collected for alert ${alert.alertId}`,
    data: {
      manifestSha256,
      objects: objects.length,
      signingKey: deps.signer.keyId,
      algorithm: SIGNATURE_ALGORITHM,
    },
  });
  await deps.incidents.append(incidentId, 'seal-evidence', {
    at: now.toISOString(),
    actor: ACTOR,
    action: 'seal-evidence',
    outcome: 'ok',
    detail: `sealed ${objects.length} object(s), ${records} log record(s); manifest sha256 ${manifestSha256}, signed (${SIGNATURE_ALGORITHM})${lock.legalHold ? ', legal hold' : ''}`,
    data: { manifestSha256, objects, signed: true, legalHold: lock.legalHold, ledgerEntries: entry.seq + 1 },
  });
  return {
    step: 'seal-evidence',
    ok: true,
    summary: `${objects.length} object(s) sealed (${records} log records), manifest sha256 ${manifestSha256.slice(0, 16)}…, signed`,
    failures: [],
    objects: objects.length,
    manifestSha256,
  };
}

async function existing(deps: Deps, key: string): Promise<Uint8Array | undefined> {
  try {
    return await deps.evidence.get(key);
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
