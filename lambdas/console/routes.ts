import { z } from 'zod';
import { PLAYBOOKS } from '../../playbooks/index.ts';
import { answerApproval } from '../actions/answer-approval.ts';
import { KILL_SWITCH } from '../actions/kill-switch.ts';
import { advanceInput, holdLadder, resumeLadder } from '../actions/relax-control.ts';
import { relaxExecutionName } from '../actions/schedule-relaxation.ts';
import { undoContainment } from '../actions/undo-containment.ts';
import { CaseError, type CaseErrorName, listIncidents, readIncident } from '../case/index.ts';
import type { Incident, TimelineEntry } from '../core/incident.ts';
import { launchName } from '../core/launch-name.ts';
import { InvalidInputError, parseInput } from '../core/validate.ts';
import type { Deps } from '../platform/deps.ts';

/** Who is calling: the signed-in person (Cognito on AWS, the local user locally) and their groups. */
export interface ConsoleIdentity {
  name: string;
  groups: readonly string[];
}

/** An approval request still waiting for a person: what will be done to whom, and why. */
export interface PendingApproval {
  token: string;
  incidentId: string;
  subject: string;
  planned: string[];
  reasons: string[];
  requestedAt?: string;
}

/**
 * What differs between the local console and the deployed API: how a playbook is started, what is
 * known beyond the tables (the local WAF, the executions) and which approvals wait. Everything else goes
 * through the same actions with the same deps.
 */
export interface ConsoleBackend {
  readonly where: 'local' | 'aws';
  readonly deps: Deps;
  /** Start an execution and return once it is started (it may wait for an approval). */
  start(playbook: string, name: string, input: unknown): Promise<{ execution: string }>;
  /** Approval requests waiting for an answer. */
  pendingApprovals(): Promise<PendingApproval[]>;
  /** Facts beyond the timeline for the incident page (the local summary), or null where unknown. */
  summary(incident: Incident, timeline: TimelineEntry[]): Promise<unknown>;
  /** The relaxation ladder and controls for the posture page. */
  posture(): Promise<unknown>;
  /** Re-read the incident's sealed evidence and say what changed. */
  verifyEvidence(incidentId: string, by: string): Promise<unknown>;
}

export interface ConsoleRequest {
  method: string;
  /** Path below the API root, e.g. /incidents/INC-1. */
  path: string;
  query: Record<string, string | undefined>;
  body: unknown;
}

export interface ConsoleResponse {
  status: number;
  body: unknown;
}

/** How a refused case operation answers over HTTP. */
const CASE_STATUS: Partial<Record<CaseErrorName, number>> = {
  IncidentNotFound: 404,
  ApprovalNotFound: 404,
  SuppressionNotFound: 404,
  IncidentClosed: 409,
  ApprovalAnswered: 409,
  ApprovalExpired: 409,
};

/** Only responders may act; viewers read. */
export const RESPONDERS = 'responders';

export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const reason = z.string().trim().min(1, 'say why').max(500);
const ActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('block'), ips: z.array(z.string().min(1)).min(1), reason }),
  z.object({ action: z.literal('unblock'), ips: z.array(z.string().min(1)).min(1), reason }),
  z.object({ action: z.literal('undo'), target: z.string().default('contain-accounts'), reason }),
  z.object({ action: z.enum(['relax-hold', 'relax-resume', 'relax-advance']), reason }),
  z.object({ action: z.literal('verify-evidence') }),
]);
const AnswerBody = z.object({ token: z.string().min(1), decision: z.enum(['approve', 'deny']), reason });
const LaunchBody = z.object({ playbook: z.string(), input: z.record(z.string(), z.unknown()) });
const KillSwitchBody = z.object({ on: z.boolean(), reason });

/** The console's API, the same locally and deployed: routing, who may act, validation, the actions. */
export async function handleConsoleRequest(
  request: ConsoleRequest,
  identity: ConsoleIdentity,
  backend: ConsoleBackend,
): Promise<ConsoleResponse> {
  try {
    const body = await route(request, identity, backend);
    return { status: request.method === 'POST' ? 202 : 200, body };
  } catch (error) {
    if (error instanceof ConsoleError)
      return { status: error.status, body: { error: error.message, field: error.field } };
    if (error instanceof CaseError)
      return {
        status: CASE_STATUS[error.name as CaseErrorName] ?? 400,
        body: { error: error.message, name: error.name },
      };
    if (error instanceof InvalidInputError) {
      const field = /^([\w.[\]]+):/.exec(error.message)?.[1];
      return { status: 400, body: { error: error.message, field } };
    }
    const e = error as Error;
    return { status: 500, body: { error: `${e.name}: ${e.message}` } };
  }
}

async function route(request: ConsoleRequest, identity: ConsoleIdentity, backend: ConsoleBackend) {
  const { method, path } = request;
  const { deps } = backend;
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const act = () => {
    if (!identity.groups.includes(RESPONDERS))
      throw new ConsoleError(403, `${identity.name} is a viewer: only the responders group may act`);
  };
  const key = `${method} /${parts.map((p, i) => (i === 1 && parts[0] === 'incidents' ? ':id' : p)).join('/')}`;
  switch (key) {
    case 'GET /me':
      return { ...identity, where: backend.where, canAct: identity.groups.includes(RESPONDERS) };
    case 'GET /incidents': {
      const [rows, waiting] = await Promise.all([
        listIncidents(deps, {
          ...(request.query.status ? { status: request.query.status } : {}),
          since: request.query.since ?? '30d',
          limit: 1000,
        }),
        backend.pendingApprovals(),
      ]);
      return rows.map((r) => ({
        ...r,
        openApprovals: Math.max(r.openApprovals, waiting.filter((a) => a.incidentId === r.id).length),
      }));
    }
    case 'GET /incidents/:id': {
      const view = await readIncident(deps, parts[1] ?? '');
      const approvals = (await backend.pendingApprovals()).filter((a) => a.incidentId === view.incident.id);
      return { ...view, approvals, summary: await backend.summary(view.incident, view.timeline) };
    }
    case 'POST /incidents/:id/actions': {
      act();
      const id = parts[1] ?? '';
      if (!(await deps.incidents.get(id))) throw new ConsoleError(404, `no incident ${id}`);
      return incidentAction(id, parseInput(ActionBody, request.body), identity, backend);
    }
    case 'GET /approvals':
      return backend.pendingApprovals();
    case 'POST /approvals': {
      act();
      const answer = parseInput(AnswerBody, request.body);
      const waiting = await backend.pendingApprovals();
      if (!waiting.some((a) => a.token === answer.token))
        throw new ConsoleError(409, 'this approval is no longer waiting: answered already, or timed out');
      return answerApproval(
        { taskToken: answer.token, decision: answer.decision, reason: answer.reason, by: identity.name },
        deps,
      );
    }
    case 'GET /playbooks':
      return PLAYBOOKS.map((p) => ({
        id: p.id,
        title: p.title,
        trigger: p.trigger,
        schema: z.toJSONSchema(p.input, { io: 'input' }),
        example: p.example,
      }));
    case 'POST /launch': {
      act();
      const { playbook: id, input } = parseInput(LaunchBody, request.body);
      const playbook = PLAYBOOKS.find((p) => p.id === id);
      if (!playbook) throw new ConsoleError(404, `no playbook "${id}"`);
      // Who asks is the signed-in person, whatever the form said.
      const schema = z.toJSONSchema(playbook.input, { io: 'input' }) as { properties?: object };
      if (schema.properties && 'requestedBy' in schema.properties) input.requestedBy = identity.name;
      // The same schema the playbook's first state applies: a field error names the field.
      parseInput(playbook.input, input);
      const name = launchName(id, input, deps.clock());
      return backend.start(id, name, input);
    }
    case 'GET /posture':
      return backend.posture();
    case 'GET /kill-switch':
      return (await deps.incidents.control(KILL_SWITCH)) ?? { on: false };
    case 'POST /kill-switch': {
      act();
      const { on, reason } = parseInput(KillSwitchBody, request.body);
      const control = { on, reason, by: identity.name, at: deps.clock().toISOString() };
      await deps.incidents.setControl(KILL_SWITCH, control);
      return control;
    }
    default:
      throw new ConsoleError(404, `no such API: ${method} ${path}`);
  }
}

async function incidentAction(
  incidentId: string,
  body: z.output<typeof ActionBody>,
  identity: ConsoleIdentity,
  backend: ConsoleBackend,
) {
  const { deps } = backend;
  const by = identity.name;
  switch (body.action) {
    case 'block':
    case 'unblock': {
      const playbook = body.action === 'block' ? 'block-ips' : 'unblock-ips';
      const requestId = `console-${deps.clock().getTime()}`;
      const input = { ips: body.ips, reason: body.reason, requestedBy: by, incidentId, requestId };
      return backend.start(playbook, `${playbook}-${requestId}`, input);
    }
    case 'undo':
      return undoContainment({ incidentId, target: body.target, by, reason: body.reason }, deps);
    case 'relax-hold':
      await holdLadder(deps, { incidentId, by, reason: body.reason });
      return { held: true };
    case 'relax-resume':
      await resumeLadder(deps, { incidentId, by, reason: body.reason });
      return { resumed: true };
    case 'relax-advance': {
      const input = await advanceInput(deps, { incidentId, by, reason: body.reason });
      return backend.start('relax', relaxExecutionName(input.incidentId, input.stage, input.attempt), input);
    }
    case 'verify-evidence':
      return backend.verifyEvidence(incidentId, by);
  }
}
