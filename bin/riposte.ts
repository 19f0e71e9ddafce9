import { Command } from 'commander';
import { terminalText } from '../lambdas/core/safe-text.ts';
import { registerApprove, registerDeny } from '../lib/cli/commands/approve.ts';
import { registerAssign } from '../lib/cli/commands/assign.ts';
import { registerBlock, registerUnblock } from '../lib/cli/commands/block.ts';
import { registerBreach } from '../lib/cli/commands/breach.ts';
import { registerClose } from '../lib/cli/commands/close.ts';
import { registerConsole } from '../lib/cli/commands/console.ts';
import { registerEvidence } from '../lib/cli/commands/evidence.ts';
import { registerIncident } from '../lib/cli/commands/incident.ts';
import { registerIncidents } from '../lib/cli/commands/incidents.ts';
import { registerIocs } from '../lib/cli/commands/iocs.ts';
import { registerKillSwitch } from '../lib/cli/commands/kill-switch.ts';
import { registerLaunch } from '../lib/cli/commands/launch.ts';
import { registerMetrics } from '../lib/cli/commands/metrics.ts';
import { registerNote } from '../lib/cli/commands/note.ts';
import { registerNotices } from '../lib/cli/commands/notices.ts';
import { registerPlaybooks } from '../lib/cli/commands/playbooks.ts';
import { registerPosture } from '../lib/cli/commands/posture.ts';
import { registerPostureNeed } from '../lib/cli/commands/posture-need.ts';
import { registerRelax } from '../lib/cli/commands/relax.ts';
import { registerReport } from '../lib/cli/commands/report.ts';
import { registerSimulate } from '../lib/cli/commands/simulate.ts';
import { registerSuppressions } from '../lib/cli/commands/suppressions.ts';
import { registerTarget } from '../lib/cli/commands/target.ts';
import { registerUndo } from '../lib/cli/commands/undo.ts';
import { registerVerdict } from '../lib/cli/commands/verdict.ts';

// Each command lives in lib/cli/commands/<command>.ts and loads what it needs when it runs, so `--help` is fast.
const program = new Command('riposte')
  .description('riposte: serverless SOAR for identity attacks on AWS (local runtime and operator CLI)')
  .option('--state <dir>', 'local state folder', '.riposte')
  .option('--config <file>', 'configuration JSON replacing cdk.json context "riposte"')
  .showHelpAfterError()
  // Usage errors (unknown option, missing argument, bad value) exit 2, as everything riposte cannot run.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

registerSimulate(program);
registerPlaybooks(program);
registerLaunch(program);
registerIncident(program);
registerBlock(program);
registerUnblock(program);
registerApprove(program);
registerDeny(program);
registerUndo(program);
registerKillSwitch(program);
registerPosture(program);
registerPostureNeed(program);
registerRelax(program);
registerEvidence(program);
registerBreach(program);
registerNotices(program);
registerIncidents(program);
registerTarget(program);
registerAssign(program);
registerNote(program);
registerVerdict(program);
registerClose(program);
registerSuppressions(program);
registerConsole(program);
registerReport(program);
registerIocs(program);
registerMetrics(program);

program.parseAsync().catch((error: Error) => {
  // Messages quote what the user or an alert gave: neutralized for the terminal. Exit even if a server or a
  // timer is still open, once the message is written: a failed command never hangs.
  const message = terminalText(`${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`);
  process.stderr.write(`riposte: ${message}\n`, () => process.exit(2));
});
