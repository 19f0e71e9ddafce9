import type { Command } from 'commander';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { incidentIdArgument } from './commands/context.ts';
import type { EvidenceOptions } from './evidence.ts';

interface Flags {
  aws?: boolean;
  json?: boolean;
  by: string;
  reason?: string;
  off?: boolean;
  publicKey?: string;
}

/** `riposte evidence verify|export`: check sealed evidence and hand it over, each access on the ledger. */
export function registerEvidenceCommands(
  program: Command,
  context: (command: Command) => Promise<{ stateDir: string; config: RiposteConfig }>,
  progress: (line: string) => void,
): void {
  const evidence = program
    .command('evidence')
    .description("check an incident's sealed evidence or export it for an examiner");
  const options = async (o: Flags, command: Command): Promise<EvidenceOptions> => ({
    ...(await context(command)),
    aws: Boolean(o.aws),
    progress,
    by: o.by,
    reason: o.reason,
    ...(o.publicKey ? { publicKeyFile: o.publicKey } : {}),
  });
  const who = (command: Command) =>
    command
      .option(
        '--by <name>',
        'who handles the evidence (recorded on the chain of custody)',
        process.env.USER ?? 'operator',
      )
      .option('--json', 'print one JSON object');

  who(
    evidence
      .command('verify')
      .description(
        're-read every object, recompute its hash, check the manifest signature and the chain of custody; exit 1 on any finding',
      )
      .argument('<incident>', 'incident id, e.g. INC-20261120-f009f3fa', incidentIdArgument)
      .option('--reason <text>', 'why the evidence is checked', 'verification')
      .option(
        '--public-key <file>',
        'check the seals against this PEM public key, pinned outside the state folder, instead of the local signing key',
      )
      .option('--aws', 'read the deployed bucket, incidents table and KMS key'),
  ).action(async (incident: string, o: Flags, command: Command) => {
    const { renderEvidenceReport, verifyIncidentEvidence } = await import('./evidence.ts');
    const report = await verifyIncidentEvidence(incident, await options(o, command));
    process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : `${renderEvidenceReport(report)}\n`);
    if (!report.ok) process.exitCode = 1;
  });

  who(
    evidence
      .command('export')
      .description(
        'write the objects, manifest, signature, public key and ledger to a new folder (sha256sum, openssl)',
      )
      .argument('<incident>', 'incident id', incidentIdArgument)
      .argument('<dir>', 'a new or empty folder')
      .requiredOption('--reason <text>', 'why and to whom the evidence is handed over')
      .option('--aws', 'export from the deployed bucket and incidents table'),
  ).action(async (incident: string, dir: string, o: Flags, command: Command) => {
    const { renderEvidenceReport } = await import('./evidence.ts');
    const { exportIncidentEvidence } = await import('./evidence-package.ts');
    const result = await exportIncidentEvidence(incident, dir, await options(o, command));
    if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `${renderEvidenceReport(result.report)}\nexported ${result.files.length} file(s) to ${result.dir}; see ${result.dir}/README.md to verify with sha256sum and openssl\n`,
      );
    }
    if (!result.report.ok) process.exitCode = 1;
  });

  who(
    evidence
      .command('hold')
      .description(
        'place a legal hold on every object of the incident (S3 Object Lock), or lift it with --off',
      )
      .argument('<incident>', 'incident id', incidentIdArgument)
      .requiredOption('--reason <text>', 'why: the litigation or investigation the hold is for')
      .option('--off', 'lift the legal hold instead')
      .option('--aws', 'on the deployed bucket (s3:PutObjectLegalHold)'),
  ).action(async (incident: string, o: Flags, command: Command) => {
    const { holdIncidentEvidence } = await import('./evidence.ts');
    const result = await holdIncidentEvidence(incident, !o.off, await options(o, command));
    process.stdout.write(
      o.json
        ? `${JSON.stringify(result)}\n`
        : `legal hold ${result.on ? 'ON' : 'OFF'} for ${result.objects.length} object(s) of ${incident}\n`,
    );
  });
}
