import type { Command } from 'commander';
import { targetContext, withTargetOptions } from './target-options.ts';

/** `riposte report <incident>`: the final report (Markdown, HTML or PDF) with the timeline picture and charts. */
export function registerReport(program: Command): void {
  withTargetOptions(
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
      .option('--json', 'print what was written as JSON'),
  ).action(async (incident: string, o: { format?: string; out?: string }, command: Command) => {
    const { buildFinalReport, reportFormat } = await import('../../report/final-report.ts');
    const context = await targetContext(command);
    const result = await buildFinalReport(incident, {
      ...context,
      format: reportFormat(o.format, o.out),
      ...(o.out ? { out: o.out } : {}),
    });
    if (result.stdout !== undefined) {
      process.stdout.write(result.stdout);
      if (result.draft) context.progress(`${incident}: written as a DRAFT (the incident is not closed)`);
      return;
    }
    const line = `${result.draft ? 'DRAFT ' : ''}final report of ${incident} (${result.format}): ${result.written.join(', ')}`;
    process.stdout.write(context.json ? `${JSON.stringify(result)}\n` : `${line}\n`);
  });
}
