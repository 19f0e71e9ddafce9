import * as path from 'node:path';
import type { Command } from 'commander';
import { AUTH_LOG_FORMATS, type AuthLogFormat } from '../../../lambdas/core/auth-event.ts';
import { PROJECT_ROOT } from '../../local/project-root.ts';
import { localContext, progress } from './context.ts';

interface SimulateFlags {
  json?: boolean;
  resume?: boolean;
  approvals: string;
  until?: string;
  logs?: string;
  format?: string;
}

/** `riposte simulate [file]`: replay alerts or raw sign-in logs through the synthesized playbooks, locally. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'replay EventBridge events (JSON lines), or raw sign-in logs with --logs, through the synthesized playbooks, locally',
    )
    .argument('[file]', 'scenario file', path.join(PROJECT_ROOT, 'scenarios/credential-stuffing.jsonl'))
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--resume', 'keep the state of earlier runs instead of starting fresh')
    .option(
      '--approvals <policy>',
      'answer approval requests: deny (safe default), approve, or timeout (nobody answers)',
      'deny',
    )
    .option('--logs <file>', 'raw sign-in logs instead of alerts: detect, correlate, run the playbooks')
    .option('--format <format>', `log format of --logs: ${AUTH_LOG_FORMATS.join(', ')} (default: detected)`)
    .option(
      '--until <duration>',
      'play the scenario on a virtual clock from its first event and run every relaxation stage due within this long, e.g. 15d',
    )
    .action(async (scenario: string, options: SimulateFlags, command: Command) => {
      if (!['approve', 'deny', 'timeout'].includes(options.approvals)) {
        throw new Error(`--approvals takes approve, deny or timeout, not "${options.approvals}"`);
      }
      const format = options.format;
      if (format !== undefined && !(AUTH_LOG_FORMATS as readonly string[]).includes(format)) {
        throw new Error(`--format takes one of ${AUTH_LOG_FORMATS.join(', ')}, not "${format}"`);
      }
      if (format && !options.logs) throw new Error('--format names the format of --logs FILE; add --logs');
      const { parseDuration } = await import('../relaxation.ts');
      const { simulate } = await import('../simulate.ts');
      const { renderSimulation } = await import('../render.ts');
      const { stateDir, config } = await localContext(command);
      const result = await simulate({
        file: options.logs ?? scenario,
        stateDir,
        config,
        resume: options.resume,
        approvals: options.approvals as 'approve' | 'deny' | 'timeout',
        progress,
        ...(options.logs ? { logs: { format: format as AuthLogFormat | undefined } } : {}),
        ...(options.until ? { untilMs: parseDuration(options.until) } : {}),
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        process.stdout.write(`${renderSimulation(result)}\n`);
      }
      if (result.incidents.some((i) => i.status === 'failed')) process.exitCode = 1;
    });
}
