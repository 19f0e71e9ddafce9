import { SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { draftsOf, mask, NOTICE_ACTIONS, waitingTemplates } from '../../lambdas/actions/notices.ts';
import { IncidentStore } from '../../lambdas/adapters/dynamo/incidents.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { TimelineEntry } from '../../lambdas/core/incident.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { playbookOutputKey } from '../names.ts';
import { type AwsClients, defaultAwsClients, stackOutputs } from './aws-stack.ts';

export interface NoticeLine {
  user: string;
  template: string;
  locale: string;
  /** The locale asked for that has no template (the default was used). */
  unknownLocale?: string;
  to: string | null;
  status: 'waiting' | 'sent' | 'failed' | 'bounced';
  detail?: string;
  approvedBy?: string | null;
}

export interface NoticesReport {
  incidentId: string;
  where: 'local' | 'aws';
  notices: NoticeLine[];
  /** Templates whose text still waits for approval. */
  waiting: { template: string; count: number; subject: string; sample: string }[];
  stakeholders: { audience: string; title: string; blanks: string[] }[];
  /** What this run did, in words. */
  did: string[];
  /** Local: the .eml files written for this incident. */
  files?: string[];
}

/** What the timeline says about the incident's notices. */
export function noticesOf(incidentId: string, timeline: readonly TimelineEntry[]) {
  const last = (action: string, user: string, template: string) =>
    timeline
      .filter((e) => e.action === action && e.data?.user === user && e.data?.template === template)
      .at(-1);
  const notices: NoticeLine[] = draftsOf(timeline).map((d) => {
    const sent = last(NOTICE_ACTIONS.sent, d.user, d.template);
    const bounced = last(NOTICE_ACTIONS.bounced, d.user, d.template);
    const failed = last(NOTICE_ACTIONS.failed, d.user, d.template);
    const status = bounced ? 'bounced' : sent ? 'sent' : failed ? 'failed' : 'waiting';
    return {
      user: d.user,
      template: d.template,
      locale: d.locale,
      ...(d.unknownLocale ? { unknownLocale: d.unknownLocale } : {}),
      to: d.to ? mask(d.to) : null,
      status,
      ...(status === 'failed' || status === 'bounced' ? { detail: (bounced ?? failed)?.detail } : {}),
      ...(sent ? { approvedBy: (sent.data?.approvedBy as string | null) ?? null } : {}),
    };
  });
  return {
    incidentId,
    notices,
    waiting: waitingTemplates(timeline).map(({ template, count, subject, sample }) => ({
      template,
      count,
      subject,
      sample,
    })),
    stakeholders: timeline
      .filter((e) => e.action === NOTICE_ACTIONS.stakeholder)
      .map((e) => ({
        audience: String(e.data?.audience),
        title: String(e.data?.title),
        blanks: e.data?.blanks as string[],
      })),
  };
}

/** Locally: draft (and with approve, run the notify-users playbook with the analyst's approval, sending .eml files). */
export async function localNotices(
  incidentId: string,
  options: { approve: boolean; by: string },
  stateDir: string,
  config: RiposteConfig,
): Promise<NoticesReport> {
  const runtime = await LocalRuntime.start({ stateDir, config });
  try {
    if (!(await runtime.deps.incidents.get(incidentId))) throw new Error(`no incident ${incidentId}`);
    const did: string[] = [];
    if (options.approve) {
      runtime.approvalPolicy = 'approve';
      runtime.approver = options.by;
      const name = `notices-${incidentId}-${runtime.deps.clock().getTime()}`;
      const record = await runtime.run('notify-users', name, { incidentId });
      if (record.status === 'FAILED') throw new Error(`${name} failed: ${record.error}: ${record.cause}`);
      const results =
        (
          record.output as {
            results?: { template: string; sent: number; alreadySent?: number; failed?: number }[];
          }
        )?.results ?? [];
      did.push(
        ...results.map(
          (r) =>
            `${r.template}: approved by ${options.by}; ${r.sent} sent, ${r.alreadySent ?? 0} already sent, ${r.failed ?? 0} failed`,
        ),
      );
      if (results.length === 0) did.push('nothing waited for approval: every drafted notice was sent before');
    } else {
      const { drafted } = (await runtime.invokeHandler('draft-notices', { incidentId })) as {
        drafted: number;
      };
      did.push(`${drafted} new draft(s); nothing is sent before --approve`);
    }
    const timeline = await runtime.deps.incidents.timeline(incidentId);
    return {
      ...noticesOf(incidentId, timeline),
      where: 'local',
      did,
      files: runtime.adapters.notices.files(incidentId),
    };
  } finally {
    await runtime.close();
  }
}

/**
 * On the deployed stack: start notify-users (it drafts and pages one approval per template), or with approve
 * answer the open notice approvals in the analyst's name; then read the incident's timeline.
 */
export async function awsNotices(
  incidentId: string,
  options: { approve: boolean; by: string },
  clients: AwsClients = defaultAwsClients(),
): Promise<NoticesReport> {
  const outputs = await stackOutputs(clients.cfn);
  const need = (key: string) => {
    const value = outputs[key];
    if (!value)
      throw new Error(`the deployed stack has no ${key} output; deploy this version of riposte first`);
    return value;
  };
  const incidents = new IncidentStore(
    DynamoDBDocumentClient.from(clients.dynamo),
    need('IncidentsTableName'),
  );
  if (!(await incidents.get(incidentId))) throw new Error(`no incident ${incidentId} in the deployed stack`);
  const did: string[] = [];
  if (options.approve) {
    const approved: string[] = [];
    for (const token of noticeApprovalTokens(await incidents.timeline(incidentId))) {
      try {
        await clients.sfn.send(
          new SendTaskSuccessCommand({
            taskToken: token,
            output: JSON.stringify({ approved: true, by: options.by, reason: 'notice text reviewed' }),
          }),
        );
      } catch (error) {
        // Step Functions' answer for a token already answered or expired: nothing waits on it.
        if (['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes((error as Error).name)) continue;
        throw error;
      }
      approved.push(token);
      await incidents.recordApprovalAnswer(token, {
        at: new Date().toISOString(),
        actor: `human/${options.by}`,
        action: 'approve',
        outcome: 'ok',
        detail: `notice text approved by ${options.by} (riposte notices --approve --aws)`,
      });
    }
    did.push(
      approved.length
        ? `approved ${approved.length} notice text(s): the execution sends them`
        : 'no notice text waits for approval (without --approve, notices drafts and asks first)',
    );
  } else {
    const name = `notices-${incidentId}-${Date.now()}`;
    await clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: need(playbookOutputKey('notify-users')),
        name,
        input: JSON.stringify({ incidentId }),
      }),
    );
    did.push(
      `started ${name}: it drafts the notices and pages one approval per template; nothing is sent before approval`,
    );
  }
  return { ...noticesOf(incidentId, await incidents.timeline(incidentId)), where: 'aws', did };
}

/** Task tokens of every notice approval the incident asked for, newest last. */
export function noticeApprovalTokens(timeline: readonly TimelineEntry[]): string[] {
  return timeline
    .filter((e) => e.action === 'request-approval' && /notice\(s\) with template/u.test(e.detail))
    .map((e) => String(e.data?.taskToken));
}

export function renderNotices(r: NoticesReport): string {
  const lines = [
    `notices of ${r.incidentId} (${r.where === 'local' ? 'local simulation: .eml files, nothing left this machine' : 'deployed stack'})`,
  ];
  lines.push(...r.did.map((d) => `  ${d}`));
  if (r.notices.length === 0) lines.push('  no account was contained or reset: no notice to draft');
  for (const n of r.notices)
    lines.push(
      `  ${n.status === 'sent' ? '✓' : n.status === 'waiting' ? '…' : '✗'} ${n.user} <${n.to ?? 'no address'}> ${n.template}${n.unknownLocale ? ` (locale "${n.unknownLocale}" has no template)` : ''}: ${n.status}${n.approvedBy ? `, approved by ${n.approvedBy}` : ''}${n.detail ? ` — ${n.detail}` : ''}`,
    );
  for (const w of r.waiting)
    lines.push(
      '',
      `not sent yet: ${w.template} (${w.count} notice(s)); the text below needs approval`,
      `  Subject: ${w.subject}`,
      ...w.sample.split('\n').map((l) => `  | ${l}`),
    );
  if (r.waiting.length > 0)
    lines.push(
      '',
      `approve the text and send: npx riposte notices ${r.incidentId} --approve${r.where === 'aws' ? ' --aws' : ''}`,
    );
  if (r.stakeholders.length > 0)
    lines.push(
      '',
      'stakeholder drafts (stored with the incident, never sent by riposte):',
      ...r.stakeholders.map((s) => `  ${s.audience}: ${s.title} — ${s.blanks.length} blank(s) to fill`),
    );
  if (r.files?.length) lines.push('', ...r.files.map((f) => `  ${f}`));
  return lines.join('\n');
}
