import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import { renderHtml, renderMarkdown } from '../../lib/report/document.ts';
import { reportFacts } from '../../lib/report/facts.ts';
import type { IncidentRecords } from '../../lib/report/records.ts';
import { finalReport } from '../../lib/report/sections.ts';

const incident = {
  id: 'INC-20261120-aaaa0001',
  playbook: 'password-spray',
  title: 'spray against 7 account(s)',
  severity: 70,
  status: 'contained',
  openedAt: '2026-11-20T03:00:00.000Z',
  updatedAt: '2026-11-20T03:00:00.000Z',
  alertIds: ['a'],
  sourceIps: ['203.0.113.9'],
  targetedUsers: ['pgustavo', '<img src=x onerror=alert(1)>'],
  compromisedUsers: [],
  // The case fields riposte keeps on a closed incident (lambdas/core/case.ts).
  verdict: {
    value: 'true-positive',
    reason: 'confirmed with the SOC',
    by: 'dana',
    at: '2026-11-21T09:00:00.000Z',
  },
  closure: { reason: 'post-mortem held', by: 'dana', at: '2026-11-22T09:00:00.000Z' },
  owner: 'dana',
} as Incident;

const line = (at: string, actor: string, action: string, detail: string): TimelineEntry => ({
  at,
  actor,
  action,
  outcome: 'ok',
  detail,
});

const records = (timeline: TimelineEntry[], over: Partial<Incident> = {}): IncidentRecords => ({
  where: 'local',
  incident: { ...incident, ...over },
  timeline,
  manifests: [],
  evidenceCheck: null,
  custody: [],
  logs: [],
});

const timeline = [
  line('2026-11-20T03:00:00.000Z', 'alert/riposte.detection', 'open-incident', 'opened'),
  line(
    '2026-11-20T05:00:00.000Z',
    'human/dana',
    'legal-clock-started',
    'GDPR Art. 33: notify the authority by 2026-11-23T05:00:00Z',
  ),
  line('2026-11-21T09:00:00.000Z', 'human/dana', 'verdict', 'verdict true-positive: confirmed | escaped'),
];

describe('the final report from an incident the team closed', () => {
  it('is final (no draft), shows verdict, owner and the legal clocks instead of the blank', () => {
    const md = renderMarkdown(finalReport(reportFacts(records(timeline), new Date('2026-12-01T00:00:00Z'))));
    expect(md).not.toContain('DRAFT');
    expect(md).toContain('| Verdict | true-positive: confirmed with the SOC |');
    expect(md).toContain('| Owner | dana |');
    expect(md).toContain('GDPR Art. 33: notify the authority by 2026-11-23T05:00:00Z');
    expect(md).not.toContain('**Notifications to authorities and affected people:**');
    // What people did includes the verdict line; a pipe in text cannot break the table.
    expect(md).toContain('verdict true-positive: confirmed \\| escaped');
    // Nothing sealed is said, not hidden.
    expect(md).toContain('Evidence: nothing sealed');
  });

  it('is a draft while open, and leaves the notification blank when no clock was started', () => {
    const open = records(timeline.slice(0, 1), { status: 'open', closure: undefined });
    const md = renderMarkdown(finalReport(reportFacts(open, new Date('2026-12-01T00:00:00Z'))));
    expect(md).toContain("> **DRAFT: the incident is still open: riposte's work on it is not finished.**");
    expect(md).toContain(
      '**Notifications to authorities and affected people:** \\_\\_\\_\\_\\_ (to be completed by the team)',
    );
  });

  it('escapes attacker-chosen account names in Markdown and HTML', () => {
    const doc = finalReport(reportFacts(records(timeline), new Date('2026-12-01T00:00:00Z')));
    // In Markdown a backslash before < makes it literal text (CommonMark backslash escapes), never a tag.
    const md = renderMarkdown(doc);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).not.toMatch(/(^|[^\\])<img/m);
    const html = renderHtml(doc);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
