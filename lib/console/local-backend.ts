import type { ApprovalRequest } from '../../lambdas/actions/request-approval.ts';
import type { ConsoleBackend, PendingApproval } from '../../lambdas/console/routes.ts';
import type { Incident } from '../../lambdas/core/incident.ts';
import { checkEvidence, incidentPrefix, recordAccess } from '../cli/evidence.ts';
import { postureReport } from '../cli/posture.ts';
import { relaxationOf } from '../cli/relaxation.ts';
import { summarizeIncident } from '../cli/summary.ts';
import type { LocalRuntime } from '../local/runtime.ts';
import type { LocalState } from './local-state.ts';

/** The console's backend over the local state: the runtime's deps, its WAF and executions, its waiting approvals. */
export function localBackend(runtime: LocalRuntime, state: LocalState): ConsoleBackend {
  const { deps } = runtime;
  return {
    where: 'local',
    deps,
    start: (playbook, name, input) => state.start(playbook, name, input),
    pendingApprovals: async () =>
      [...runtime.waiting].map(([token, { request }]): PendingApproval => {
        const r = request as ApprovalRequest;
        return {
          token,
          incidentId: r.incidentId,
          subject: r.subject ?? `block ${r.planned.length} address(es)`,
          planned: r.planned,
          reasons: r.reasons ?? [
            `${r.planned.length} addresses are above the approval threshold (${deps.config.waf.approvalThreshold})`,
          ],
        };
      }),
    summary: async (incident: Incident) => {
      const execution = [...runtime.executions.values()].find(
        (e) => e.incidentId === incident.id || e.name.endsWith(incident.id),
      );
      return summarizeIncident(runtime, incident, execution?.name);
    },
    posture: async () => {
      const incidents = await deps.incidents.list();
      const ladders = [];
      for (const incident of incidents.filter((i) => i.status !== 'failed')) {
        const stages = relaxationOf(await deps.incidents.timeline(incident.id));
        if (stages.length) ladders.push({ incidentId: incident.id, openedAt: incident.openedAt, stages });
      }
      return { controls: await postureReport(deps), ladders, now: deps.clock().toISOString() };
    },
    verifyEvidence: async (incidentId, by) => {
      const access = {
        store: deps.evidence,
        ledger: deps.custody,
        trustedPublicKeyPem: () => deps.signer.publicKeyPem(),
        close: async () => undefined,
      };
      const report = await checkEvidence(access, incidentId);
      if (report.manifestSha256 !== undefined || report.ledgerEntries > 0) {
        const options = {
          by,
          reason: 'verify on demand',
          stateDir: state.stateDir,
          config: deps.config,
          progress: () => {},
        };
        await recordAccess(access, incidentId, 'verify', incidentPrefix(incidentId), options, {
          ok: report.ok,
          findings: report.findings.map((f) => f.kind),
          manifestSha256: report.manifestSha256,
        });
      }
      return report;
    },
  };
}
