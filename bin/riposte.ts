import * as path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { AUTH_LOG_FORMATS, type AuthLogFormat } from '../lambdas/core/auth-event.ts';
import { registerConsole } from '../lib/cli/commands/console.ts';
import { registerEvidenceCommands } from '../lib/cli/evidence-commands.ts';
import { localIncidentReport } from '../lib/cli/incident.ts';
import { inputSummary, launchPlaybook } from '../lib/cli/launch.ts';
import { answerApproval, runOperatorPlaybook, setKillSwitch } from '../lib/cli/operator.ts';
import { localPosture, renderPosture } from '../lib/cli/posture.ts';
import { awsLadder, localLadder, renderLadder } from '../lib/cli/relax.ts';
import { parseDuration } from '../lib/cli/relaxation.ts';
import { renderOperatorResult, renderSimulation } from '../lib/cli/render.ts';
import { simulate } from '../lib/cli/simulate.ts';
import { renderUndo, runUndo } from '../lib/cli/undo.ts';
import { loadConfig, PROJECT_ROOT } from '../lib/local/config-source.ts';
import { PLAYBOOKS } from '../playbooks/index.ts';

const program = new Command('riposte')
  .description('riposte: serverless SOAR for identity attacks on AWS (local runtime and operator CLI)')
  .option('--state <dir>', 'local state folder', '.riposte')
  .option('--config <file>', 'configuration JSON replacing cdk.json context "riposte"')
  .showHelpAfterError();

const globals = () => program.opts<{ state: string; config?: string }>();
const progress = (line: string) => process.stderr.write(`${line}\n`);

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
  .action(
    async (
      scenario: string,
      options: {
        json?: boolean;
        resume?: boolean;
        approvals: string;
        until?: string;
        logs?: string;
        format?: string;
      },
    ) => {
      if (!['approve', 'deny', 'timeout'].includes(options.approvals)) {
        throw new Error(`--approvals takes approve, deny or timeout, not "${options.approvals}"`);
      }
      const format = options.format;
      if (format !== undefined && !(AUTH_LOG_FORMATS as readonly string[]).includes(format)) {
        throw new Error(`--format takes one of ${AUTH_LOG_FORMATS.join(', ')}, not "${format}"`);
      }
      if (format && !options.logs) throw new Error('--format names the format of --logs FILE; add --logs');
      const file = options.logs ?? scenario;
      const globals = program.opts<{ state: string; config?: string }>();
      const result = await simulate({
        file,
        stateDir: globals.state,
        config: loadConfig(globals.config),
        resume: options.resume,
        approvals: options.approvals as 'approve' | 'deny' | 'timeout',
        progress: (line) => process.stderr.write(`${line}\n`),
        ...(options.logs ? { logs: { format: format as AuthLogFormat | undefined } } : {}),
        ...(options.until ? { untilMs: parseDuration(options.until) } : {}),
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        process.stdout.write(`${renderSimulation(result)}\n`);
      }
      if (result.incidents.some((i) => i.status === 'failed')) process.exitCode = 1;
    },
  );

program
  .command('playbooks')
  .description('list the playbooks, their triggers and input schemas')
  .option('--json', 'print the playbooks with their JSON Schemas')
  .action((options: { json?: boolean }) => {
    const list = PLAYBOOKS.map((p) => ({
      id: p.id,
      title: p.title,
      trigger: p.trigger,
      inputs: inputSummary(p),
      inputSchema: z.toJSONSchema(p.input, { io: 'input' }),
      example: p.example,
    }));
    if (options.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    else
      for (const p of list)
        process.stdout.write(
          `${p.id}\n  ${p.title}\n  trigger: ${p.trigger}\n  input (* required): ${p.inputs.join(', ')}\n  launch: npx riposte launch ${p.id} --input FILE\n`,
        );
  });

program
  .command('launch')
  .description('start a playbook by hand with an input file (locally, or on the deployed stack with --aws)')
  .argument('<playbook>', 'playbook id (see `riposte playbooks`)')
  .requiredOption('--input <file>', 'JSON input; `riposte playbooks --json` shows each schema and an example')
  .option('--aws', 'start it on the deployed stack (StartExecution) and wait for the result')
  .option('--json', 'print the result as one JSON object')
  .action(async (playbook: string, o: { input: string; aws?: boolean; json?: boolean }) => {
    const result = await launchPlaybook(playbook, o.input, {
      aws: Boolean(o.aws),
      stateDir: globals().state,
      config: loadConfig(globals().config),
      progress,
    });
    process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${renderOperatorResult(result)}\n`);
    if (result.status !== 'SUCCEEDED') process.exitCode = 1;
  });

program
  .command('incident')
  .description('show an incident: its status, what riposte did, what failed, and the timeline (local state)')
  .argument('<id>', 'incident id, e.g. INC-20261120-f009f3fa')
  .option('--json', 'print the incident, its summary and timeline as JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    process.stdout.write(
      await localIncidentReport(id, globals().state, loadConfig(globals().config), Boolean(options.json)),
    );
  });

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

for (const [command, playbook, verb] of [
  ['block', 'block-ips', 'block addresses in WAF'],
  ['unblock', 'unblock-ips', 'remove addresses from the WAF blocklist'],
] as const) {
  program
    .command(command)
    .description(`${verb}, through the ${playbook} playbook (locally, or on the deployed stack with --aws)`)
    .argument('<ips...>', 'addresses or CIDRs')
    .requiredOption('--reason <text>', 'why: goes on the incident and in the page')
    .option('--by <name>', 'who is asking', process.env.USER ?? 'operator')
    .option('--incident <id>', 'attach to an open incident')
    .option('--request-id <id>', 'idempotency key: the same id never acts twice')
    .option('--ttl-hours <hours>', 'block duration instead of the escalation ladder', Number)
    .option('--dry-run', 'record the plan without writing')
    .option('--approved', 'a human reviewed a request above the approval threshold')
    .option('--aws', 'start the playbook on the deployed stack (StartExecution)')
    .option('--json', 'print the result as one JSON object')
    .action(async (ips: string[], o: OperatorFlags) => {
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
        { aws: Boolean(o.aws), stateDir: globals().state, config: loadConfig(globals().config), progress },
      );
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${renderOperatorResult(result)}\n`);
      if (result.status !== 'SUCCEEDED') process.exitCode = 1;
    });
}

for (const decision of ['approve', 'deny'] as const) {
  program
    .command(decision)
    .description(
      `${decision} a block waiting for approval (the task token from the page) on the deployed stack`,
    )
    .argument('<token>', 'the task token the approval page names')
    .option('--by <name>', 'who decides', process.env.USER ?? 'operator')
    .option('--reason <text>', 'why', decision === 'approve' ? 'reviewed' : 'not justified')
    .option('--aws', 'answer on the deployed stack (SendTaskSuccess / SendTaskFailure)')
    .action(async (token: string, o: { by: string; reason: string; aws?: boolean }) => {
      if (!o.aws) {
        throw new Error(
          'local approvals are answered by policy while the run is in progress: use `simulate --approvals approve` or `block --approved`; add --aws to answer a deployed execution',
        );
      }
      await answerApproval(token, decision === 'approve', o.by, o.reason);
      process.stdout.write(`${decision === 'approve' ? 'approved' : 'denied'}: the execution continues\n`);
    });
}

program
  .command('undo')
  .description('put accounts back as they were before containment (re-enable, drop the deny policy, …)')
  .argument('<incident>', 'incident id, e.g. INC-20261120-f009f3fa')
  .argument(
    '[action]',
    'contain-accounts, or disable | force-password-reset | revoke-sessions, optionally :user or :user@provider',
    'contain-accounts',
  )
  .requiredOption('--reason <text>', 'why: recorded on the incident')
  .option('--by <name>', 'who is undoing', process.env.USER ?? 'operator')
  .option('--aws', 'undo in the deployed stack, with your AWS credentials')
  .option('--json', 'print what was undone as JSON')
  .action(
    async (
      incident: string,
      action: string,
      o: { reason: string; by: string; aws?: boolean; json?: boolean },
    ) => {
      const lines = await runUndo(incident, action, {
        aws: o.aws,
        stateDir: globals().state,
        config: loadConfig(globals().config),
        by: o.by,
        reason: o.reason,
        progress,
      });
      process.stdout.write(o.json ? `${JSON.stringify(lines)}\n` : `${renderUndo(lines)}\n`);
      if (lines.some((l) => l.outcome === 'failed')) process.exitCode = 1;
    },
  );

program
  .command('kill-switch')
  .description('pause (on) or resume (off) all blocking: the WAF writer refuses new blocks while it is on')
  .argument('<state>', 'on or off')
  .requiredOption('--reason <text>', 'why: recorded with the switch and on every refused block')
  .option('--by <name>', 'who is switching', process.env.USER ?? 'operator')
  .option('--aws', 'switch the deployed stack')
  .action(async (state: string, o: { reason: string; by: string; aws?: boolean }) => {
    if (state !== 'on' && state !== 'off') throw new Error(`kill-switch takes "on" or "off", not "${state}"`);
    const control = await setKillSwitch(state === 'on', o.by, o.reason, {
      aws: o.aws,
      stateDir: globals().state,
      config: loadConfig(globals().config),
      progress,
    });
    process.stdout.write(
      `blocking kill switch ${control.on ? 'ON: no new blocks' : 'OFF: blocking resumed'} (${control.by}: ${control.reason})\n`,
    );
  });

program
  .command('posture')
  .description(
    'show every posture control: in force, baseline, emergency, and which incidents hold it (local state)',
  )
  .option('--json', 'print the controls as JSON')
  .action(async (o: { json?: boolean }) => {
    const controls = await localPosture(globals().state, loadConfig(globals().config));
    process.stdout.write(o.json ? `${JSON.stringify(controls)}\n` : `${renderPosture(controls)}\n`);
  });

program
  .command('relax')
  .description(
    "hold, resume or advance an incident's relaxation ladder (locally, or on the deployed stack with --aws)",
  )
  .argument(
    '<command>',
    'hold (stop relaxing), resume (continue, re-running held stages now) or advance (run the next stage now, past hold and gate)',
  )
  .argument('<incident>', 'incident id')
  .option('--reason <text>', 'why: goes on the incident timeline', 'operator decision')
  .option('--by <name>', 'who decides', process.env.USER ?? 'operator')
  .option('--aws', 'act on the deployed stack (incidents table, Scheduler, StartExecution)')
  .option('--json', 'print the ladder as JSON')
  .action(
    async (
      command: string,
      incidentId: string,
      o: { reason: string; by: string; aws?: boolean; json?: boolean },
    ) => {
      if (command !== 'hold' && command !== 'resume' && command !== 'advance')
        throw new Error(`relax takes hold, resume or advance, not "${command}"`);
      const request = { incidentId, by: o.by, reason: o.reason };
      const result = o.aws
        ? await awsLadder(command, request)
        : await localLadder(command, request, globals().state, loadConfig(globals().config));
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${renderLadder(result)}\n`);
    },
  );

registerEvidenceCommands(
  program,
  () => ({ stateDir: globals().state, config: loadConfig(globals().config) }),
  progress,
);

registerConsole(program);

program.parseAsync().catch((error: Error) => {
  process.stderr.write(`riposte: ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}\n`);
  process.exitCode = 2;
});
