import { NamedError } from '../adapters/named-error.ts';
import type { Alert } from '../core/alerts.ts';
import type { CustodyEntry } from '../core/custody.ts';
import {
  buildManifest,
  type GenerationLink,
  generationKey,
  type Manifest,
  manifestBytes,
  sha256Hex,
} from '../core/evidence.ts';
import { type Collection, evidencePolicy } from '../core/evidence-collection.ts';
import { SEAL_FILES, SIGNATURE_ALGORITHM, verifySignature } from '../core/evidence-verify.ts';
import type { BranchResult } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

const ACTOR = 'riposte/seal-evidence';

/**
 * Seal what the collect loop stored for this alert's generation: a canonical manifest of every object and
 * its SHA-256, linked to the generation sealed before it, signed with riposte's signing key, stored beside
 * the objects with the signature and the public key, under the same Object Lock. The seal is a
 * chain-of-custody entry naming the generation and the manifest's hash.
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
  const generation = collect.generation ?? 1;
  const key = (name: string) => generationKey(incidentId, generation, name);
  const lastSeal = await deps.custody.latest(incidentId, 'seal');
  const sealedBefore = lastSeal?.what === key(SEAL_FILES.manifest);
  // A retried seal keeps the manifest and signature it already stored (ECDSA signatures differ per run).
  const bytes =
    (await existing(deps, key(SEAL_FILES.manifest))) ??
    manifestBytes(
      buildManifest({
        incidentId,
        generation,
        alertId: alert.alertId,
        previous: sealedBefore ? undefined : linkTo(lastSeal),
        sealedAt: now,
        sealedBy: ACTOR,
        window: { start: new Date(collect.window.start), end: new Date(collect.window.end) },
        objects: collect.objects,
      }),
    );
  const publicKey = await deps.signer.publicKeyPem();
  const stored = await existing(deps, key(SEAL_FILES.signature));
  const signature =
    stored && verifySignature(bytes, stored, publicKey) ? stored : await deps.signer.sign(bytes);
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
  const { previous } = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
  // A retry after the ledger already took this seal does not record it twice.
  const entry =
    sealedBefore && lastSeal.data?.manifestSha256 === manifestSha256
      ? lastSeal
      : await deps.custody.append(incidentId, {
          at: now.toISOString(),
          actor: ACTOR,
          action: 'seal',
          what: key(SEAL_FILES.manifest),
          why: `seal generation ${generation}: ${objects.length} object(s) collected for alert ${alert.alertId}`,
          data: {
            generation,
            alertId: alert.alertId,
            manifestSha256,
            objects: objects.length,
            ...(previous ? { previous } : {}),
            signingKey: deps.signer.keyId,
            algorithm: SIGNATURE_ALGORITHM,
          },
        });
  await deps.incidents.append(
    incidentId,
    generation === 1 ? 'seal-evidence' : `seal-evidence:${generation}`,
    {
      at: now.toISOString(),
      actor: ACTOR,
      action: 'seal-evidence',
      outcome: 'ok',
      detail: `sealed generation ${generation}: ${objects.length} object(s), ${records} log record(s); manifest sha256 ${manifestSha256}, signed (${SIGNATURE_ALGORITHM})${previous ? `, linked to generation ${previous.generation}` : ''}${lock.legalHold ? ', legal hold' : ''}`,
      data: {
        generation,
        manifestSha256,
        objects,
        signed: true,
        legalHold: lock.legalHold,
        ledgerEntries: entry.seq + 1,
      },
    },
  );
  return {
    step: 'seal-evidence',
    ok: true,
    summary: `generation ${generation}: ${objects.length} object(s) sealed (${records} log records), manifest sha256 ${manifestSha256.slice(0, 16)}…, signed`,
    failures: [],
    objects: objects.length,
    manifestSha256,
  };
}

/** The seal entry as the link the next generation's manifest records. */
function linkTo(seal: CustodyEntry | undefined): GenerationLink | undefined {
  const sha = seal?.data?.manifestSha256;
  if (!seal || typeof sha !== 'string') return undefined;
  const generation = typeof seal.data?.generation === 'number' ? seal.data.generation : 1;
  return { generation, manifest: seal.what, manifestSha256: sha };
}

async function existing(deps: Deps, key: string): Promise<Uint8Array | undefined> {
  try {
    return await deps.evidence.get(key);
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
