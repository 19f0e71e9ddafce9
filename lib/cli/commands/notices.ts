import type { Command } from 'commander';
import { localContext, OPERATOR } from './context.ts';

/** `riposte notices INCIDENT`: draft the notices to the owners of contained accounts, show them, approve and send. */
export function registerNotices(program: Command): void {
  program
    .command('notices')
    .description(
      'draft the notices to the owners of the accounts an incident contained, show them, and with --approve send them (SES, or an EventBridge event for your app)',
    )
    .argument('<incident>', 'incident id')
    .option('--approve', 'approve the waiting notice texts (once per template) and send them')
    .option('--by <name>', 'who approves (recorded)', OPERATOR)
    .option('--aws', 'on the deployed stack: start notify-users, or answer its open approvals')
    .option('--json', 'print the notices as JSON')
    .action(
      async (
        incidentId: string,
        o: { approve?: boolean; by: string; aws?: boolean; json?: boolean },
        command: Command,
      ) => {
        const { awsNotices, localNotices, renderNotices } = await import('../notices.ts');
        const options = { approve: Boolean(o.approve), by: o.by };
        let report: Awaited<ReturnType<typeof localNotices>>;
        if (o.aws) report = await awsNotices(incidentId, options);
        else {
          const { stateDir, config } = await localContext(command);
          report = await localNotices(incidentId, options, stateDir, config);
        }
        process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : `${renderNotices(report)}\n`);
        if (report.notices.some((n) => n.status === 'failed')) process.exitCode = 1;
      },
    );
}
