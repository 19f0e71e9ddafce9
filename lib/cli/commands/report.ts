import type { Command } from 'commander';

/** `riposte report <incident>`: the final report (Markdown, HTML or PDF) with the timeline picture and charts. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'write the final incident report: summary, detail with timeline picture, what was done, metrics, post-mortem, prevention, appendix',
    )
    .argument('<incident>', 'incident id, e.g. INC-20261120-f009f3fa')
    .option('--format <format>', 'md, html or pdf (default: from --out, else md)')
    .option(
      '--out <file>',
      'write here (Markdown writes its two SVG pictures beside it); default stdout, PDF: INCIDENT-final-report.pdf',
    )
    .option('--aws', 'read the incident and its evidence from the deployed stack')
    .option('--json', 'print what was written as JSON')
    .action(
      async (
        incident: string,
        o: { format?: string; out?: string; aws?: boolean; json?: boolean },
        command: Command,
      ) => {
        const { buildFinalReport, reportFormat } = await import('../../report/final-report.ts');
        const { stateDir, config } = await commandContext(command);
        const format = reportFormat(o.format, o.out);
        const result = await buildFinalReport(incident, {
          format,
          ...(o.out ? { out: o.out } : {}),
          aws: Boolean(o.aws),
          stateDir,
          config,
          progress,
        });
        if (result.stdout !== undefined) {
          process.stdout.write(result.stdout);
          if (result.draft) progress(`${incident}: written as a DRAFT (the incident is not closed)`);
          return;
        }
        const line = `${result.draft ? 'DRAFT ' : ''}final report of ${incident} (${result.format}): ${result.written.join(', ')}`;
        process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${line}\n`);
      },
    );
}

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** The global --state and --config, read when the command runs. */
export async function commandContext(command: Command) {
  const globals = command.optsWithGlobals<{ state: string; config?: string }>();
  const { loadConfig } = await import('../../local/config-source.ts');
  return { stateDir: globals.state, config: loadConfig(globals.config) };
}
