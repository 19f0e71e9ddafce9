/** The console API's shapes, as lambdas/console/routes.ts returns them. */
export type Outcome = 'ok' | 'refused' | 'failed' | 'skipped' | 'planned';

export interface TimelineEntry {
  at: string;
  actor: string;
  action: string;
  outcome: Outcome;
  detail: string;
  data?: Record<string, unknown>;
}

export interface Incident {
  id: string;
  playbook: string;
  title: string;
  severity: number;
  /** What the playbooks achieved; a closed case says so in `closure`. */
  status: 'open' | 'contained' | 'partial' | 'failed';
  openedAt: string;
  updatedAt: string;
  sourceIps: string[];
  targetedUsers: string[];
  compromisedUsers: string[];
  owner?: string;
}

export interface IncidentRow {
  id: string;
  title: string;
  playbook: string;
  status: string;
  severity: number;
  owner: string | null;
  verdict: string | null;
  openedAt: string;
  openApprovals: number;
}

export interface PendingApproval {
  token: string;
  incidentId: string;
  subject: string;
  planned: string[];
  reasons: string[];
}

export interface Summary {
  blocked: string[];
  refused: { address: string; reason: string }[];
  sessionsRevoked: string[];
  passwordResets: string[];
  accounts: { user: string; providers: string[]; actions: string[]; residualAccessSeconds: number }[];
  held: string[];
  failures: { action: string; detail: string }[];
  pages: number;
  evidence: { objects: number; manifestSha256: string; signed?: boolean } | null;
  execution: { name: string; status: string; error?: string };
  detections: { type: string; technique?: string; sources: string[]; accounts: string[] }[];
}

export interface IncidentView {
  incident: Incident;
  /** The case status: closed once closed, else the playbooks' outcome. */
  status: string;
  timeline: TimelineEntry[];
  approvals: PendingApproval[];
  summary: Summary | null;
}

export interface Me {
  name: string;
  groups: string[];
  where: 'local' | 'aws';
  canAct: boolean;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  description?: string;
  anyOf?: JsonSchema[];
}

export interface PlaybookInfo {
  id: string;
  title: string;
  trigger: string;
  schema: JsonSchema;
  example: Record<string, unknown>;
}

export interface ControlReport {
  control: string;
  unit: string;
  baseline: unknown;
  emergency: unknown;
  effective: unknown;
  applied: unknown;
  neededBy: Record<string, unknown>;
}

export interface StageReport {
  stage: string;
  plannedAt: string;
  at: string | null;
  outcome: string;
}

export interface PostureView {
  controls: ControlReport[];
  ladders: { incidentId: string; openedAt: string; stages: StageReport[] }[];
  now: string;
}

export interface KillSwitch {
  on: boolean;
  by?: string;
  at?: string;
  reason?: string;
}
