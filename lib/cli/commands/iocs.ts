import type { Command } from 'commander';
import { targetContext, withTargetOptions } from './target-options.ts';

/** `riposte iocs <incident>`: the indicators to share with an ISAC, as STIX 2.1 (or CSV). */
export function registerIocs(program: Command): void {
  withTargetOptions(
    program
      .command('iocs')
      .description(
        "export an incident's indicators for sharing: STIX 2.1 bundle (blocked addresses with their windows, ATT&CK techniques, sightings, TLP 2.0) or CSV",
      )
      .argument('<incident>', 'incident id, e.g. INC-20261120-f009f3fa')
      .option('--format <format>', 'stix or csv', 'stix')
      .option('--tlp <level>', 'TLP 2.0 marking: clear, green, amber, amber+strict or red', 'amber')
      .option('--anonymize', 'leave out user names, internal hosts and internal addresses')
      .option('--producer <name>', 'the sharing organisation, as the bundle names it', 'riposte')
      .option('--out <file>', 'write here instead of stdout')
      .option('--json', 'print what was written as JSON (with --out)'),
  ).action(
    async (
      incident: string,
      o: { format?: string; tlp?: string; anonymize?: boolean; producer: string; out?: string },
      command: Command,
    ) => {
      const { checkIocOptions, exportIocs } = await import('../../iocs/export.ts');
      const { format, tlp } = checkIocOptions(o);
      const context = await targetContext(command);
      const result = await exportIocs(incident, {
        ...context,
        format,
        tlp,
        anonymize: Boolean(o.anonymize),
        producer: o.producer,
        ...(o.out ? { out: o.out } : {}),
      });
      if (result.empty) context.progress(`${incident}: ${result.empty} (the bundle is empty and valid)`);
      if (result.stdout !== undefined) {
        process.stdout.write(result.stdout);
        return;
      }
      const line = `${result.indicators} indicator(s) of ${incident}, TLP:${tlp.toUpperCase()}${result.anonymized ? ', anonymized' : ''}: ${result.written.join(', ')}`;
      process.stdout.write(context.json ? `${JSON.stringify(result)}\n` : `${line}\n`);
    },
  );
}
