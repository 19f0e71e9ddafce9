import { Command } from 'commander';
import { registerApprove, registerDeny } from '../lib/cli/commands/approve.ts';
import { registerAssign } from '../lib/cli/commands/assign.ts';
import { registerBlock, registerUnblock } from '../lib/cli/commands/block.ts';
import { registerBreach } from '../lib/cli/commands/breach.ts';
import { registerClose } from '../lib/cli/commands/close.ts';
import { registerEvidence } from '../lib/cli/commands/evidence.ts';
import { registerIncident } from '../lib/cli/commands/incident.ts';
import { registerIncidents } from '../lib/cli/commands/incidents.ts';
import { registerKillSwitch } from '../lib/cli/commands/kill-switch.ts';
import { registerLaunch } from '../lib/cli/commands/launch.ts';
import { registerNote } from '../lib/cli/commands/note.ts';
import { registerPlaybooks } from '../lib/cli/commands/playbooks.ts';
import { registerPosture } from '../lib/cli/commands/posture.ts';
import { registerRelax } from '../lib/cli/commands/relax.ts';
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
  .showHelpAfterError();

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
registerRelax(program);
registerEvidence(program);
registerBreach(program);
registerIncidents(program);
registerTarget(program);
registerAssign(program);
registerNote(program);
registerVerdict(program);
registerClose(program);
registerSuppressions(program);

program.parseAsync().catch((error: Error) => {
  process.stderr.write(`riposte: ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}\n`);
  process.exitCode = 2;
});
