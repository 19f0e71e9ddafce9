import { NamedError } from '../adapters/named-error.ts';
import type { ContainAction } from '../core/containment.ts';
import type { TimelineEntry } from '../core/incident.ts';
import {
  checkNotice,
  type NoticeLocale,
  renderNotice,
  renderStakeholderDraft,
  resolveLocale,
  STAKEHOLDERS,
  templateId,
} from '../core/notices.ts';
import type { Deps } from '../platform/deps.ts';
import { WriteBudget } from '../platform/write-budget.ts';
import { describe } from './posture.ts';

/** Timeline actions of notices (docs/notices.md describes their data). */
export const NOTICE_ACTIONS = {
  drafted: 'notice-drafted',
  sent: 'notice-sent',
  failed: 'notice-failed',
  bounced: 'notice-bounced',
  stakeholder: 'stakeholder-draft',
} as const;

const CONTAIN: readonly ContainAction[] = ['revoke-sessions', 'force-password-reset', 'disable'];

export interface NoticeDraft {
  user: string;
  provider: string;
  template: string;
  locale: NoticeLocale;
  /** The locale asked for when no template has it (the default was used). */
  unknownLocale?: string;
  to?: string;
  subject: string;
  body: string;
  actions: ContainAction[];
}

/** One template's drafts, as the approval asks about them. */
export interface TemplateToApprove {
  template: string;
  locale: NoticeLocale;
  count: number;
  subject: string;
  /** The full text of the first draft: what the approver reads. */
  sample: string;
  /** One line per recipient (at most 30 in the page). */
  planned: string[];
}

/** The accounts this incident contained or reset, with what was done to each. */
export function affectedAccounts(timeline: readonly TimelineEntry[]) {
  const byUser = new Map<string, { user: string; provider: string; actions: ContainAction[] }>();
  for (const e of timeline) {
    if (
      e.outcome !== 'ok' ||
      !CONTAIN.includes(e.action as ContainAction) ||
      typeof e.data?.user !== 'string'
    )
      continue;
    const user = e.data.user;
    const had = byUser.get(user) ?? { user, provider: String(e.data.provider ?? ''), actions: [] };
    if (!had.actions.includes(e.action as ContainAction)) had.actions.push(e.action as ContainAction);
    byUser.set(user, had);
  }
  return [...byUser.values()].map((a) => ({ ...a, actions: CONTAIN.filter((c) => a.actions.includes(c)) }));
}

export const draftsOf = (timeline: readonly TimelineEntry[]) =>
  timeline.filter((e) => e.action === NOTICE_ACTIONS.drafted).map((e) => e.data?.draft as NoticeDraft);

/**
 * Draft one notice per contained account in its owner's locale, and the stakeholder drafts; record each once.
 * Returns the templates still waiting to be sent, each to be approved once.
 */
export async function draftNotices(
  { incidentId }: { incidentId: string },
  deps: Deps,
): Promise<{ incidentId: string; templates: TemplateToApprove[]; drafted: number }> {
  const config = deps.config.notices;
  const incident = await deps.incidents.get(incidentId);
  if (!incident) throw new NamedError('IncidentNotFound', `no incident ${incidentId}`);
  if (!config.officialSite)
    throw new NamedError(
      'NotConfigured',
      'notices.officialSite must be configured: it is the only link a notice may contain',
    );
  const timeline = await deps.incidents.timeline(incidentId);
  const at = deps.clock().toISOString();
  const detectedOn = incident.openedAt.slice(0, 10);
  const already = new Set(draftsOf(timeline).map((d) => d.user));
  let drafted = 0;
  const accounts = affectedAccounts(timeline);
  for (const account of accounts.filter((a) => !already.has(a.user))) {
    const contact = await contactOf(deps, account.user, account.provider);
    const { locale, unknown } = resolveLocale(contact.locale, config.defaultLocale);
    const text = renderNotice(locale, {
      serviceName: config.serviceName,
      incidentId,
      detectedOn,
      actions: account.actions,
      officialSite: config.officialSite,
      contact: config.contact,
    });
    checkNotice(`${text.subject}\n${text.body}`, config.officialSite);
    const draft: NoticeDraft = {
      user: account.user,
      provider: account.provider,
      template: templateId(locale),
      locale,
      ...(unknown ? { unknownLocale: unknown } : {}),
      ...(contact.email ? { to: contact.email } : {}),
      ...text,
      actions: account.actions,
    };
    const written = await deps.incidents.append(incidentId, `notice-draft:${account.user}`, {
      at,
      actor: 'riposte/notices',
      action: NOTICE_ACTIONS.drafted,
      outcome: 'planned',
      detail: `notice drafted for ${account.user} (${draft.template}${unknown ? `; locale "${unknown}" has no template, ${locale} used` : ''}${contact.error ? `; no contact from ${account.provider}: ${contact.error}` : ''})`,
      data: { draft, ...(contact.error ? { contactError: contact.error } : {}) },
    });
    if (written) drafted++;
  }
  for (const audience of STAKEHOLDERS) {
    const d = renderStakeholderDraft(audience, {
      serviceName: config.serviceName,
      incidentId,
      detectedOn,
      accountsProtected: accounts.length,
      addressesBlocked: incident.sourceIps.length,
      officialSite: config.officialSite,
    });
    await deps.incidents.append(incidentId, `stakeholder-draft:${audience}`, {
      at,
      actor: 'riposte/notices',
      action: NOTICE_ACTIONS.stakeholder,
      outcome: 'planned',
      detail: `${audience} draft written (never sent by riposte); ${d.blanks.length} blank(s) to fill: ${d.blanks.join('; ')}`,
      data: { audience, ...d },
    });
  }
  const now = await deps.incidents.timeline(incidentId);
  return { incidentId, templates: waitingTemplates(now), drafted };
}

/** Templates with a draft not yet sent, each with what the approval shows. */
export function waitingTemplates(timeline: readonly TimelineEntry[]): TemplateToApprove[] {
  const sent = sentKeys(timeline);
  const waiting = draftsOf(timeline).filter((d) => !sent.has(`${d.template}:${d.user}`));
  const templates = [...new Set(waiting.map((d) => d.template))].sort();
  return templates.map((template) => {
    const drafts = waiting.filter((d) => d.template === template);
    const [first] = drafts as [NoticeDraft];
    return {
      template,
      locale: first.locale,
      count: drafts.length,
      subject: first.subject,
      sample: first.body,
      planned: drafts.slice(0, 30).map((d) => `${d.user} <${d.to ? mask(d.to) : 'no address'}>`),
    };
  });
}

const sentKeys = (timeline: readonly TimelineEntry[]) =>
  new Set(
    timeline
      .filter((e) => e.action === NOTICE_ACTIONS.sent)
      .map((e) => `${String(e.data?.template)}:${String(e.data?.user)}`),
  );

/** a***@example.com: enough for the approver to recognise, no more. */
export const mask = (address: string) => address.replace(/^(.)[^@]*/u, '$1***');

/**
 * Send one approved template's notices, at the configured rate. A notice already recorded as sent is not sent
 * again (a re-delivered step, a second approval); each refusal is recorded per user and the others still go.
 */
export async function sendNotices(
  request: { incidentId: string; template: string; approvedBy?: string },
  deps: Deps,
): Promise<{ template: string; sent: number; alreadySent: number; failed: number }> {
  const { incidentId, template } = request;
  const timeline = await deps.incidents.timeline(incidentId);
  const sent = sentKeys(timeline);
  const drafts = draftsOf(timeline).filter((d) => d.template === template);
  if (drafts.length === 0)
    throw new NamedError('NoDrafts', `incident ${incidentId} has no ${template} drafts`);
  const budget = new WriteBudget(
    deps.config.notices.sendsPerSecond,
    () => deps.clock().getTime(),
    deps.sleep,
  );
  const result = { template, sent: 0, alreadySent: 0, failed: 0 };
  for (const draft of drafts) {
    if (sent.has(`${template}:${draft.user}`)) {
      result.alreadySent++;
      continue;
    }
    const base = { user: draft.user, template, locale: draft.locale, channel: deps.notices.channel };
    try {
      if (!draft.to && deps.config.notices.channel === 'ses')
        throw new NamedError(
          'NoAddress',
          `no email address for ${draft.user}: the identity provider has none; set notices.recipients.${draft.user}.email`,
        );
      await budget.take();
      const { messageId } = await deps.notices.send({
        incidentId,
        user: draft.user,
        ...(draft.to ? { to: draft.to } : {}),
        template,
        locale: draft.locale,
        subject: draft.subject,
        body: draft.body,
      });
      await deps.incidents.append(incidentId, `notice-sent:${template}:${draft.user}`, {
        at: deps.clock().toISOString(),
        actor: 'riposte/notices',
        action: NOTICE_ACTIONS.sent,
        outcome: 'ok',
        detail: `notice ${template} sent to ${draft.user} through ${deps.notices.channel}${request.approvedBy ? `, approved by ${request.approvedBy}` : ''}`,
        data: {
          ...base,
          messageId,
          ...(draft.to ? { to: draft.to } : {}),
          approvedBy: request.approvedBy ?? null,
        },
      });
      result.sent++;
    } catch (error) {
      result.failed++;
      await deps.incidents.append(
        incidentId,
        `notice-failed:${template}:${draft.user}:${deps.clock().toISOString()}`,
        {
          at: deps.clock().toISOString(),
          actor: 'riposte/notices',
          action: NOTICE_ACTIONS.failed,
          outcome: 'failed',
          detail: `notice ${template} to ${draft.user} not sent: ${describe(error)}`,
          data: { ...base, error: describe(error) },
        },
      );
    }
  }
  return result;
}

/** SES's bounce and complaint events (through the configuration set's EventBridge destination). */
export interface SesEvent {
  eventType: string;
  mail: { messageId: string; tags?: Record<string, string[]> };
  bounce?: {
    bounceType?: string;
    bounceSubType?: string;
    bouncedRecipients?: { emailAddress: string; diagnosticCode?: string }[];
  };
  complaint?: { complainedRecipients?: { emailAddress: string }[] };
}

/** Record a bounce or complaint on the incident the notice came from (its `incident` tag), once per message and address. */
export async function recordNoticeEvent(event: SesEvent, deps: Deps): Promise<{ recorded: number }> {
  const incidentId = event.mail.tags?.incident?.[0];
  if (!incidentId) return { recorded: 0 };
  const recipients = [
    ...(event.bounce?.bouncedRecipients ?? []),
    ...(event.complaint?.complainedRecipients ?? []),
  ];
  const timeline = await deps.incidents.timeline(incidentId);
  const notice = timeline.find(
    (e) => e.action === NOTICE_ACTIONS.sent && e.data?.messageId === event.mail.messageId,
  );
  let recorded = 0;
  for (const r of recipients) {
    const written = await deps.incidents.append(
      incidentId,
      `notice-bounced:${event.mail.messageId}:${r.emailAddress}`,
      {
        at: deps.clock().toISOString(),
        actor: 'ses',
        action: NOTICE_ACTIONS.bounced,
        outcome: 'failed',
        detail: `${event.eventType} for the notice to ${notice?.data?.user ?? r.emailAddress}${event.bounce?.bounceType ? ` (${event.bounce.bounceType}/${event.bounce.bounceSubType})` : ''}`,
        data: {
          eventType: event.eventType,
          messageId: event.mail.messageId,
          user: notice?.data?.user ?? null,
          template: event.mail.tags?.template?.[0] ?? null,
          bounceType: event.bounce?.bounceType ?? null,
          diagnostic: 'diagnosticCode' in r ? (r.diagnosticCode ?? null) : null,
        },
      },
    );
    if (written) recorded++;
  }
  return { recorded };
}

async function contactOf(
  deps: Deps,
  user: string,
  providerName: string,
): Promise<{ email?: string; locale?: string; error?: string }> {
  const configured = deps.config.notices.recipients[user];
  if (configured?.email && configured.locale) return configured;
  const provider = deps.identityProviders.find((p) => p.name === providerName);
  try {
    const state = await provider?.getState(user);
    return { ...state?.contact, ...configured };
  } catch (error) {
    return { ...configured, error: describe(error) };
  }
}
