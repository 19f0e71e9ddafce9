import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { custodyHash, custodyLine, GENESIS } from '../../lambdas/core/custody.ts';
import { generationOfKey, generationPrefix, type Manifest } from '../../lambdas/core/evidence.ts';
import { type EvidenceReport, SEAL_FILES } from '../../lambdas/core/evidence-verify.ts';
import {
  checkEvidence,
  type EvidenceOptions,
  incidentPrefix,
  openEvidence,
  recordAccess,
} from './evidence.ts';

export const PACKAGE_FILES = { sums: 'SHA256SUMS', ledger: 'ledger.jsonl', readme: 'README.md' } as const;

/**
 * Checks the ledger chain with POSIX tools: each line's SHA-256 (line and newline) must be the
 * prevHash of the next line, the first line's prevHash is 64 zeros.
 */
export const LEDGER_CHECK = `prev=${GENESIS}; n=0; bad=0
while IFS= read -r line; do
  printf '%s\\n' "$line" | grep -q "\\"prevHash\\":\\"$prev\\"" || { echo "ledger line $((n+1)): chain broken"; bad=1; }
  printf '%s\\n' "$line" | grep -q "\\"seq\\":$n[,}]" || { echo "ledger line $((n+1)): not entry $n"; bad=1; }
  prev=$(printf '%s\\n' "$line" | sha256sum | cut -d' ' -f1); n=$((n+1))
done < ledger.jsonl
echo "ledger: $n entries, last sha256 $prev"; exit $bad`;

export interface ExportResult {
  incidentId: string;
  dir: string;
  files: string[];
  /** The check done before exporting: the package holds what the store holds, findings included. */
  report: EvidenceReport;
  ledgerHead: string;
}

/** A sealed generation as the package holds it: its folder in the package and its manifest. */
interface PackagedGeneration {
  folder: string;
  manifest: Manifest;
}

function readme(incidentId: string, generations: PackagedGeneration[], head: string): string {
  const [first] = generations;
  const rel = (g: PackagedGeneration, file: string) => `${g.folder}${file}`;
  const rows = generations.flatMap((g) =>
    g.manifest.objects.map(
      (o) =>
        `| \`${rel(g, path.posix.basename(o.key))}\` | ${o.source}: ${o.records} record(s)${g.manifest.generation && g.manifest.generation > 1 ? ` (generation ${g.manifest.generation})` : ''} |`,
    ),
  );
  const verifies = generations
    .map((g) => {
      const dir = g.folder ? `cd ${g.folder} && ` : '';
      const back = g.folder ? ' && cd ..' : '';
      return `    ${dir}openssl dgst -sha256 -verify ${SEAL_FILES.publicKey} -signature ${SEAL_FILES.signature} ${SEAL_FILES.manifest}${back}`;
    })
    .join('\n');
  const chain =
    generations.length > 1
      ? `\nThe incident has ${generations.length} sealed generations, one per alert that opened or joined it:
generation 1 at the top of this folder, each later one in its \`generation-NNNN/\` folder. Each later manifest's
\`previous\` names the manifest sealed before it and its SHA-256, and the ledger's \`seal\` entries name every
manifest in the order they were sealed.\n`
      : '';
  return `# Evidence of ${incidentId}

Exported by riposte. ${
    first
      ? `First sealed ${first.manifest.sealedAt} by ${first.manifest.sealedBy}; incident window
${first.manifest.window.start} to ${first.manifest.window.end}.`
      : ''
  } Every check below uses standard tools only.
${chain}
| file | what |
| --- | --- |
${rows.join('\n')}
| \`${SEAL_FILES.manifest}\` | the manifest: every object's key, SHA-256, size, record count, source and window |
| \`${SEAL_FILES.signature}\` | DER ECDSA P-256 / SHA-256 signature of \`${SEAL_FILES.manifest}\` |
| \`${SEAL_FILES.publicKey}\` | the public half of riposte's signing key |
| \`${PACKAGE_FILES.sums}\` | the manifests' hashes in \`sha256sum\` format |
| \`${PACKAGE_FILES.ledger}\` | the chain of custody, one entry per line |

## 1. The objects are the ones sealed

    sha256sum -c ${PACKAGE_FILES.sums}

## 2. The manifest is the one riposte signed

${verifies}

Each prints \`Verified OK\`. Check that \`${SEAL_FILES.publicKey}\` is riposte's key: on AWS,
\`aws kms get-public-key --key-id <EvidenceSigningKeyArn> --query PublicKey --output text | base64 -d | openssl pkey -pubin -inform DER\`
prints the same key; locally it is the public half of \`.riposte/evidence-signing-key.pem\`.
\`${PACKAGE_FILES.sums}\` lists the hashes of the signed manifests: each \`"sha256"\` in a \`${SEAL_FILES.manifest}\`
appears in it next to its object's name.

## 3. The chain of custody is unbroken

Each line is an entry in canonical form: compact JSON, keys sorted, one line. Its SHA-256 (of the line and
its newline, what \`sed -n Np ${PACKAGE_FILES.ledger} | sha256sum\` hashes) is the \`prevHash\` of the next line;
the first line's \`prevHash\` is 64 zeros, and \`seq\` counts from 0. Removing, reordering or altering any entry
breaks it. With POSIX shell tools:

\`\`\`sh
${LEDGER_CHECK}
\`\`\`

At export the last entry's SHA-256 was \`${head}\` (riposte records it as the ledger's head).
Each \`seal\` entry names its manifest's SHA-256 (\`sha256sum ${SEAL_FILES.manifest}\`).
`;
}

/**
 * \`riposte evidence export\`: the sealed objects, manifest, signature, public key and ledger in one folder
 * that verifies with sha256sum and openssl alone. The hand-over is itself an entry of the ledger it ships.
 */
export async function exportIncidentEvidence(
  incidentId: string,
  dir: string,
  options: EvidenceOptions,
): Promise<ExportResult> {
  if (existsSync(dir) && (await readdir(dir)).length > 0) {
    throw new Error(`${dir} is not empty: export into a new folder so nothing else mixes with the evidence`);
  }
  const access = await openEvidence(options);
  try {
    options.progress(`checking the evidence of ${incidentId} before export…`);
    const report = await checkEvidence(access, incidentId);
    const prefix = incidentPrefix(incidentId);
    const generations: PackagedGeneration[] = [];
    for (const g of report.generations) {
      const bytes = await access.store.get(g.manifest).catch(() => undefined);
      if (!bytes) continue;
      const folder = generationPrefix(incidentId, g.generation).slice(prefix.length);
      generations.push({ folder, manifest: JSON.parse(new TextDecoder().decode(bytes)) as Manifest });
    }
    if (generations.length === 0)
      throw new Error(`${incidentId} has no sealed evidence (no ${SEAL_FILES.manifest})`);
    // Made only once there is something to export: an unknown id leaves no empty folder behind.
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const key of await access.store.list(prefix)) {
      const name = key.slice(prefix.length);
      // Generation 1 at the top, each later generation in its own generation-NNNN/ folder.
      if (generationOfKey(incidentId, key) === undefined) continue;
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), await access.store.get(key));
      files.push(name);
    }
    options.progress(`wrote ${files.length} file(s) to ${dir}`);
    await recordAccess(access, incidentId, 'export', path.resolve(dir), options, {
      ok: report.ok,
      manifestSha256: report.manifestSha256,
      files,
    });
    const entries = await access.ledger.entries(incidentId);
    const last = entries.at(-1);
    const ledgerHead = last ? custodyHash(last) : GENESIS;
    const sums = generations
      .flatMap((g) => g.manifest.objects.map((o) => `${o.sha256}  ${o.key.slice(prefix.length)}\n`))
      .join('');
    await writeFile(path.join(dir, PACKAGE_FILES.sums), sums);
    await writeFile(path.join(dir, PACKAGE_FILES.ledger), entries.map(custodyLine).join(''));
    await writeFile(path.join(dir, PACKAGE_FILES.readme), readme(incidentId, generations, ledgerHead));
    files.push(...Object.values(PACKAGE_FILES));
    return { incidentId, dir, files: files.sort(), report, ledgerHead };
  } finally {
    await access.close();
  }
}
