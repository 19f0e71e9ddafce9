import { relaxationOf } from '../../lib/cli/relaxation.ts';
import { postureReport } from '../actions/posture-report.ts';
import { listIncidents, readIncident } from '../case/index.ts';
import type { Deps } from '../platform/deps.ts';
import { type ConsoleBackend, ConsoleError, type PendingApproval } from './routes.ts';

/** Answers that end an approval wait, as the timeline records them. */
const ANSWERS = new Set(['approve', 'deny', 'approval-timeout']);

/**
 * The console's backend on the deployed stack: the same tables through the same actions; executions start
 * with StartExecution and approvals are answered with SendTaskSuccess / SendTaskFailure.
 */
export function awsBackend(deps: Deps): ConsoleBackend {
  return {
    where: 'aws',
    deps,
    start: async (playbook, name, input) => {
      const { executionId, duplicate } = await deps.starter.start(playbook, name, input);
      return { execution: executionId, status: duplicate ? 'DUPLICATE' : 'RUNNING' };
    },
    pendingApprovals: async () => {
      // Requests on the timelines of the last week's unfinished incidents that no answer followed.
      const rows = await listIncidents(deps, { since: '7d', status: 'open,partial', limit: 100 });
      const pending: PendingApproval[] = [];
      for (const row of rows) {
        const { timeline } = await readIncident(deps, row.id);
        const answeredAfter = (at: string) => timeline.some((e) => ANSWERS.has(e.action) && e.at >= at);
        for (const e of timeline) {
          const token = e.data?.taskToken;
          if (e.action !== 'request-approval' || typeof token !== 'string' || answeredAfter(e.at)) continue;
          const planned = (e.data?.planned as string[] | undefined) ?? [];
          pending.push({
            token,
            incidentId: row.id,
            subject: e.detail.replace(/^.*approve: /, ''),
            planned,
            reasons: (e.data?.reasons as string[] | undefined) ?? [],
            requestedAt: e.at,
          });
        }
      }
      return pending;
    },
    summary: async () => null,
    posture: async () => {
      const rows = await listIncidents(deps, { since: '30d', limit: 200 });
      const ladders = [];
      for (const row of rows) {
        const stages = relaxationOf((await readIncident(deps, row.id)).timeline);
        if (stages.length) ladders.push({ incidentId: row.id, openedAt: row.openedAt, stages });
      }
      return { controls: await postureReport(deps), ladders, now: deps.clock().toISOString() };
    },
    verifyEvidence: async (incidentId) => {
      throw new ConsoleError(
        501,
        `verify ${incidentId}'s evidence with \`npx riposte evidence verify ${incidentId} --aws\` (the console API holds no evidence read grant)`,
      );
    },
  };
}
