import { type Command, InvalidArgumentError } from 'commander';
import { localContext, OPERATOR, progress } from './context.ts';

interface OperatorFlags {
  reason: string;
  by: string;
  incident?: string;
  requestId?: string;
  ttlHours?: number;
  dryRun?: boolean;
  approved?: boolean;
  aws?: boolean;
  json?: boolean;
}

/** `riposte block <ips...>`: block addresses in WAF through the block-ips playbook. */
export function registerBlock(program: Command): void {
  registerOperatorPlaybook(program, 'block', 'block-ips', 'block addresses in WAF');
}

/** `riposte unblock <ips...>`: lift blocks through the unblock-ips playbook. */
export function registerUnblock(program: Command): void {
  registerOperatorPlaybook(program, 'unblock', 'unblock-ips', 'remove addresses from the WAF blocklist');
}

function registerOperatorPlaybook(
  program: Command,
  name: string,
  playbook: 'block-ips' | 'unblock-ips',
  verb: string,
): void {
  program
    .command(name)
    .description(`${verb}, through the ${playbook} playbook (locally, or on the deployed stack with --aws)`)
    .argument('<ips...>', 'addresses or CIDRs')
    .requiredOption('--reason <text>', 'why: goes on the incident and in the page')
    .option('--by <name>', 'who is asking', OPERATOR)
    .option('--incident <id>', 'attach to an open incident')
    .option('--request-id <id>', 'idempotency key: the same id never acts twice')
    .option(
      '--ttl-hours <hours>',
      'block duration instead of the escalation ladder (hours, up to 8760)',
      ttlHours,
    )
    .option('--dry-run', 'record the plan without writing')
    .option('--approved', 'a human reviewed a request above the approval threshold')
    .option('--aws', 'start the playbook on the deployed stack (StartExecution)')
    .option('--json', 'print the result as one JSON object')
    .action(async (ips: string[], o: OperatorFlags, command: Command) => {
      const { runOperatorPlaybook } = await import('../operator.ts');
      const { renderOperatorResult } = await import('../render.ts');
      const result = await runOperatorPlaybook(
        playbook,
        {
          ips,
          reason: o.reason,
          requestedBy: o.by,
          ...(o.incident ? { incidentId: o.incident } : {}),
          ...(o.requestId ? { requestId: o.requestId } : {}),
          ...(o.ttlHours ? { ttlHours: o.ttlHours } : {}),
          dryRun: Boolean(o.dryRun),
          approved: Boolean(o.approved),
        },
        { aws: Boolean(o.aws), ...(await localContext(command)), progress },
      );
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${renderOperatorResult(result)}\n`);
      if (result.status !== 'SUCCEEDED') process.exitCode = 1;
    });
}

/** `--ttl-hours 0|abc|NaN|1h` is a usage error, never silently the default ladder. */
function ttlHours(value: string): number {
  const hours = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(hours > 0) || hours > 24 * 365)
    throw new InvalidArgumentError(`"${value}" is not a number of hours above 0 and at most 8760, e.g. 24`);
  return hours;
}
