import type { Command } from 'commander';
import { localContext, OPERATOR, progress } from './context.ts';

/** `riposte kill-switch on|off`: pause or resume all blocking. */
export function registerKillSwitch(program: Command): void {
  program
    .command('kill-switch')
    .description('pause (on) or resume (off) all blocking: the WAF writer refuses new blocks while it is on')
    .argument('<state>', 'on or off')
    .requiredOption('--reason <text>', 'why: recorded with the switch and on every refused block')
    .option('--by <name>', 'who is switching', OPERATOR)
    .option('--aws', 'switch the deployed stack')
    .action(async (state: string, o: { reason: string; by: string; aws?: boolean }, command: Command) => {
      if (state !== 'on' && state !== 'off')
        throw new Error(`kill-switch takes "on" or "off", not "${state}"`);
      const { setKillSwitch } = await import('../operator.ts');
      const control = await setKillSwitch(state === 'on', o.by, o.reason, {
        aws: o.aws,
        ...(await localContext(command)),
        progress,
      });
      process.stdout.write(
        `blocking kill switch ${control.on ? 'ON: no new blocks' : 'OFF: blocking resumed'} (${control.by}: ${control.reason})\n`,
      );
    });
}
