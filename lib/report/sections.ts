import { STALE_CREDENTIAL_CHECKLIST } from '../../lambdas/core/lockout-findings.ts';
import { attemptsSvg } from '../pictures/attempts-svg.ts';
import { humanDuration } from '../pictures/svg.ts';
import { timelineSvg } from '../pictures/timeline-svg.ts';
import type { Block, ReportDocument, Section } from './document.ts';
import { attemptsOf } from './evidence-events.ts';
import type { ReportFacts } from './facts.ts';
import { PREVENTION } from './prevention.ts';

/** The final report of the credential-stuffing runbook: summary, detail, response, prevention, appendix. */
export function finalReport(f: ReportFacts): ReportDocument {
  return {
    title: `Final incident report: ${f.id}${f.draft ? ' (DRAFT)' : ''}`,
    sections: [
      summary(f),
      detail(f),
      response(f),
      metricsSection(f),
      postMortem(f),
      prevention(f),
      forTheTeam(f),
      ...appendix(f),
    ],
  };
}

const secs = (s: number | null) =>
  s === null ? 'unknown' : s < 1 ? `${Math.round(s * 1000)} ms` : humanDuration(s * 1000);
const list = (items: readonly string[]) => items.join(', ') || 'none';

function summary(f: ReportFacts): Section {
  const m = f.metrics;
  const blocked = new Set(f.blocks.flatMap((b) => b.cidrs));
  const contained = f.accounts.filter((a) => a.done.some((d) => d.outcome === 'ok'));
  const techniques = [
    ...new Set(
      f.detections.flatMap((d) => (d.technique ? [`${d.technique} ${d.techniqueName ?? ''}`.trim()] : [])),
    ),
  ];
  const blocks: Block[] = [];
  if (f.draft) blocks.push({ kind: 'banner', text: `DRAFT: ${f.draft}.` });
  blocks.push(
    {
      kind: 'p',
      text:
        `On ${f.openedAt.slice(0, 10)} riposte opened ${f.id} (${f.playbook}, severity ${f.severity}): ${f.title}. ` +
        `${f.detections.length} alert(s) named ${techniques.join(', ') || 'no ATT&CK technique'} from ${f.sources.length} source(s) against ${f.targetedUsers.length} account(s), ${f.compromisedUsers.length} of them signed in by the attacker. ` +
        `riposte blocked ${blocked.size} address(es), contained ${contained.length} account(s) and ${f.records.manifests.length > 0 ? 'sealed the evidence' : 'sealed no evidence'}; the incident is ${f.status}.`,
    },
    {
      kind: 'table',
      head: ['fact', 'value'],
      rows: [
        ['Status', f.status],
        [
          'Verdict',
          f.case.verdict
            ? `${f.case.verdict.value}${f.case.verdict.reason ? `: ${f.case.verdict.reason}` : ''}`
            : 'not recorded yet',
        ],
        ['Owner', f.case.owner ?? 'not assigned'],
        ['Time to detect', secs(m.timeToDetectSeconds)],
        ['Time to contain', m.containedAt ? secs(m.timeToContainSeconds) : `not contained (${f.status})`],
        [
          'Waiting for people',
          `${secs(m.waitingForPeopleSeconds)} (${m.approvals.requested} approval request(s), ${m.approvals.unanswered} unanswered)`,
        ],
        [
          'Read from',
          f.where === 'aws'
            ? 'the deployed stack'
            : 'the local state (a simulation unless this is where riposte runs)',
        ],
        ['Report generated', f.generatedAt],
      ],
    },
  );
  return { title: 'Executive summary', blocks };
}

function detail(f: ReportFacts): Section {
  const picture = timelineSvg({ id: f.id, title: f.title, status: f.status }, f.records.timeline);
  const attempts = attemptsOf(f.attempts.events);
  const marks = [
    ...(f.metrics.detectedAt ? [{ time: Date.parse(f.metrics.detectedAt), label: 'detected' }] : []),
    ...f.blocks.slice(0, 1).map((b) => ({ time: Date.parse(b.from), label: 'blocked' })),
  ];
  const chart = attemptsSvg(`Sign-in attempts over time: ${f.id}`, attempts, marks);
  return {
    title: 'Incident detail',
    blocks: [
      { kind: 'picture', name: 'timeline', alt: `Timeline of ${f.id}`, svg: picture },
      { kind: 'p', text: 'Attack method:' },
      {
        kind: 'table',
        head: ['alert', 'seen', 'from', 'kind', 'MITRE ATT&CK', 'sources', 'accounts', 'why'],
        rows: f.detections.map((d) => [
          d.alertId,
          d.observedAt,
          d.origin,
          d.type,
          d.technique ? `${d.technique} ${d.techniqueName ?? ''}`.trim() : 'not named',
          list(d.sources),
          `${d.accounts.length}`,
          d.reasons.join('; '),
        ]),
      },
      { kind: 'p', text: 'Scope:' },
      {
        kind: 'list',
        items: [
          `Source addresses and hosts: ${list(f.sources)}`,
          `Accounts targeted (${f.targetedUsers.length}): ${list(f.targetedUsers)}`,
          `Accounts the attacker signed in to (${f.compromisedUsers.length}): ${list(f.compromisedUsers)}`,
          f.attempts.first
            ? `Attempts in the sealed evidence: ${attempts.length} sign-in record(s) from ${f.attempts.first} to ${f.attempts.last} (${attempts.filter((a) => a.outcome === 'failure').length} failed)`
            : `Attempts in the sealed evidence: no sign-in records (${f.records.logs.length} sealed log record(s) of other kinds)`,
        ],
      },
      { kind: 'picture', name: 'attempts', alt: `Sign-in attempts over time for ${f.id}`, svg: chart },
    ],
  };
}

function response(f: ReportFacts): Section {
  const blocks: Block[] = [
    { kind: 'p', text: 'Blocks (each address with the window it was live in):' },
    {
      kind: 'table',
      head: ['addresses', 'layer', 'live from', 'until'],
      rows: f.blocks.map((b) => [b.cidrs.join(', '), b.layer, b.from, b.until ?? 'no end recorded']),
    },
  ];
  if (f.refused.length > 0)
    blocks.push(
      { kind: 'p', text: 'Not blocked, and why:' },
      { kind: 'list', items: f.refused.map((r) => `${r.address}: ${r.reason}`) },
    );
  blocks.push(
    { kind: 'p', text: 'Accounts:' },
    {
      kind: 'table',
      head: ['account', 'what was done', 'residual access (tokens issued before stay valid)'],
      rows: f.accounts.map((a) => [
        a.user,
        a.done
          .map((d) => `${d.at} ${d.action}${d.provider ? ` (${d.provider})` : ''}: ${d.outcome}`)
          .join('; '),
        a.residualAccessSeconds === undefined ? 'not recorded' : `up to ${secs(a.residualAccessSeconds)}`,
      ]),
    },
  );
  if (f.held.length > 0) blocks.push({ kind: 'p', text: `Held for a person's approval: ${list(f.held)}` });
  const check = f.records.evidenceCheck;
  const generations = check?.generations ?? [];
  blocks.push({
    kind: 'list',
    items: [
      ...(f.records.manifests.length === 0 ? ['Evidence: nothing sealed'] : []),
      ...f.records.manifests.map((m) => {
        const verified = generations.find((g) => g.generation === (m.generation ?? 1));
        return `Evidence generation ${m.generation ?? 1}${m.alertId ? ` (alert ${m.alertId})` : ''}: ${m.objects.length} object(s) sealed at ${m.sealedAt} by ${m.sealedBy}; manifest SHA-256 ${verified?.manifestSha256 ?? 'unknown'}`;
      }),
      ...(check
        ? [
            `Evidence checked when this report was made: ${check.ok ? 'intact' : `${check.findings.length} finding(s): ${check.findings.map((x) => x.detail).join('; ')}`}, signature ${check.signatureOk ? 'valid' : 'NOT valid'}, ${check.ledgerEntries} custody entr(ies)`,
          ]
        : []),
      ...f.posture.map(
        (p) =>
          `Posture tightened at ${p.at}: ${p.controls.map((c) => `${c.name} ${String(c.before)} → ${String(c.after)}`).join(', ')}`,
      ),
      `Pages and approval requests: ${f.pages.length}`,
    ],
  });
  blocks.push(
    { kind: 'p', text: 'Relaxation of the emergency posture:' },
    {
      kind: 'table',
      head: ['stage', 'planned', 'outcome', 'last run', 'why'],
      rows: f.relaxation.map((s) => [
        s.stage,
        s.plannedAt,
        s.outcome,
        s.at ?? 'not yet',
        s.attempts.at(-1)?.detail ?? '',
      ]),
    },
    { kind: 'p', text: 'What people did (approvals, verdicts, notes, undo):' },
    {
      kind: 'table',
      head: ['time', 'who', 'action', 'detail'],
      rows: f.people.map((e) => [e.at, e.actor, e.action, e.detail]),
    },
  );
  if (f.failures.length > 0)
    blocks.push(
      { kind: 'p', text: 'What failed:' },
      { kind: 'list', items: f.failures.map((e) => `${e.at} ${e.action}: ${e.detail}`) },
    );
  return { title: 'What was done and its effect', blocks };
}

function metricsSection(f: ReportFacts): Section {
  const m = f.metrics;
  return {
    title: 'Response metrics',
    blocks: [
      {
        kind: 'table',
        head: ['measure', 'value', 'from', 'to'],
        rows: [
          [
            'time to detect',
            secs(m.timeToDetectSeconds),
            m.firstAttackAt ?? 'unknown',
            m.detectedAt ?? 'unknown',
          ],
          ['time to respond', secs(m.timeToRespondSeconds), m.detectedAt ?? 'unknown', m.openedAt],
          [
            'time to contain',
            secs(m.timeToContainSeconds),
            m.detectedAt ?? 'unknown',
            m.containedAt ?? 'not contained',
          ],
          ...Object.entries(m.timeToBlockSeconds).map(([layer, s]) => [
            `time to live in ${layer}`,
            secs(s),
            m.detectedAt ?? '',
            '',
          ]),
          [
            'waiting for people',
            secs(m.waitingForPeopleSeconds),
            `${m.approvals.requested} request(s)`,
            `${m.approvals.answered} answered`,
          ],
          ['mode', m.mode, '', ''],
        ],
      },
      {
        kind: 'p',
        text: "First attack is the start of the detections' window (the earliest attacking record they counted); detected is the alert's observedAt; contained is when the playbook recorded the status contained.",
      },
      ...(f.where === 'local'
        ? [
            {
              kind: 'p' as const,
              text: "Read from the local state: the local runtime runs every step on a virtual clock, so durations between riposte's own steps are 0 there; the deployed stack measures real ones.",
            },
          ]
        : []),
    ],
  };
}

function postMortem(f: ReportFacts): Section {
  const lockout = f.playbookFacts.lockout;
  const callers = lockout?.callers ?? [];
  const hosts = f.playbookFacts.hostsToInvestigate.map((h) => h.host);
  const measures = f.records.timeline.filter(
    (e) =>
      e.outcome === 'ok' && !/^(open-incident|attach-alert|snapshot-account|relax-stage)$/.test(e.action),
  );
  return {
    title: 'Post-mortem',
    blocks: [
      {
        kind: 'table',
        head: ['question', 'answer'],
        rows: [
          [
            'Date and time',
            `${f.metrics.firstAttackAt ?? f.openedAt} to ${f.attempts.last ?? f.metrics.containedAt ?? 'unknown'}`,
          ],
          ['Affected users', `${list(f.compromisedUsers)} signed in; ${f.targetedUsers.length} targeted`],
          [
            'Lockout source address or host',
            lockout
              ? list([
                  ...new Set(
                    callers.flatMap((c) => [c.computer, c.address].filter((x): x is string => Boolean(x))),
                  ),
                ])
              : hosts.length > 0
                ? list(hosts)
                : 'not a lockout incident',
          ],
          [
            'Causing process or application',
            lockout ? list([...new Set(callers.flatMap((c) => c.processes))]) : 'not recorded by riposte',
          ],
          [
            'Verdict',
            f.case.verdict?.value ??
              (lockout ? `${lockout.verdict} (riposte's lockout analysis)` : 'not recorded yet'),
          ],
        ],
      },
      { kind: 'p', text: 'Each measure and when it was taken:' },
      {
        kind: 'table',
        head: ['time', 'by', 'measure', 'detail'],
        rows: measures.map((e) => [e.at, e.actor, e.action, e.detail]),
      },
      ...(callers.some((c) => c.verdict === 'stale-credentials')
        ? [{ kind: 'list' as const, items: STALE_CREDENTIAL_CHECKLIST.map((p) => `check: ${p}`) }]
        : []),
    ],
  };
}

function prevention(f: ReportFacts): Section {
  const plan = PREVENTION[f.playbook] ?? PREVENTION.default ?? [];
  return {
    title: 'Prevention plan',
    blocks: [
      {
        kind: 'p',
        text: 'Suggested by riposte from the kind of attack; the team keeps, changes or drops each and gives it an owner and a deadline.',
      },
      {
        kind: 'table',
        head: ['term', 'measure', 'owner', 'deadline'],
        rows: plan.map((p) => [p.term, p.measure, '_____', '_____']),
      },
    ],
  };
}

function forTheTeam(f: ReportFacts): Section {
  const blocks: Block[] = [
    {
      kind: 'blank',
      label: 'Impact on data',
      hint: "riposte sees sign-ins, not what a signed-in attacker read or changed: check the application's audit logs for the accounts above",
    },
    {
      kind: 'blank',
      label: 'Root cause',
      hint: 'where the credentials came from (a breach corpus, phishing, reuse) and why the attack could run',
    },
  ];
  if (f.legal.length > 0) {
    blocks.push(
      { kind: 'p', text: 'Legal clocks, notices and stakeholder drafts on the incident:' },
      {
        kind: 'table',
        head: ['time', 'what', 'outcome', 'detail'],
        rows: f.legal.map((e) => [e.at, e.action, e.outcome, e.detail]),
      },
    );
  } else {
    blocks.push({
      kind: 'blank',
      label: 'Notifications to authorities and affected people',
      hint: 'riposte recorded none: e.g. GDPR Art. 33 (supervisory authority within 72 h of awareness), Art. 34 (data subjects); who was told, when',
    });
  }
  blocks.push({
    kind: 'blank',
    label: 'Lessons learned',
    hint: 'what to keep, what to change in detection, playbooks and posture',
  });
  return { title: 'For the team to complete', blocks };
}

function appendix(f: ReportFacts): Section[] {
  const samples = f.records.logs.slice(0, 10).map((l) => JSON.stringify(l.record));
  const techniques = [...new Set(f.detections.flatMap((d) => (d.technique ? [d.technique] : [])))];
  const agents = [...new Set(f.attempts.events.flatMap((e) => (e.userAgent ? [e.userAgent] : [])))];
  return [
    { title: 'Appendix', blocks: [] },
    {
      title: 'A. Log samples',
      level: 3,
      blocks: [
        {
          kind: 'p',
          text: `The first ${samples.length} of ${f.records.logs.length} sealed log record(s), as the source wrote them:`,
        },
        { kind: 'code', text: samples.join('\n') || '(none)' },
      ],
    },
    {
      title: 'B. Evidence and custody',
      level: 3,
      blocks: [
        {
          kind: 'table',
          head: ['object', 'source', 'records', 'SHA-256'],
          rows: f.records.manifests.flatMap((m) =>
            m.objects.map((o) => [o.key, o.source, String(o.records), o.sha256]),
          ),
        },
        {
          kind: 'table',
          head: ['#', 'time', 'who', 'action', 'why'],
          rows: f.records.custody.map((c) => [String(c.seq), c.at, c.actor, c.action, c.why]),
        },
      ],
    },
    {
      title: 'C. Indicators of compromise',
      level: 3,
      blocks: [
        {
          kind: 'list',
          items: [
            `Blocked addresses: ${list([...new Set(f.blocks.flatMap((b) => b.cidrs))])}`,
            `ATT&CK techniques: ${list(techniques)}`,
            `User agents in the evidence: ${list(agents)}`,
          ],
        },
        { kind: 'p', text: `Share them as STIX 2.1: npx riposte iocs ${f.id} --tlp amber --anonymize` },
      ],
    },
    {
      title: 'D. Timeline',
      level: 3,
      blocks: [
        {
          kind: 'table',
          head: ['time', 'actor', 'action', 'outcome', 'detail'],
          rows: f.records.timeline.map((e) => [e.at, e.actor, e.action, e.outcome, e.detail]),
        },
      ],
    },
  ];
}
