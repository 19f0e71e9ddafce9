import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { duration, when } from '../format.ts';
import { timelineSvg } from '../picture.ts';
import type { Summary, TimelineEntry, IncidentView as View } from '../types.ts';
import {
  type Confirmation,
  ConfirmDialog,
  Loading,
  Section,
  SeverityBadge,
  StatusBadge,
  useData,
  type ViewProps,
} from '../ui.tsx';
import { ApprovalCard } from './approvals.tsx';

const MARK: Record<string, string> = { ok: '✓', refused: '⛔', failed: '✕', skipped: '–', planned: '…' };

export function IncidentView({ id, version, me, refresh }: ViewProps & { id: string }) {
  const { data, error } = useData<View>(`/incidents/${encodeURIComponent(id)}`, version);
  const [ask, setAsk] = useState<Confirmation | null>(null);
  const [done, setDone] = useState<string | undefined>();
  const [evidence, setEvidence] = useState<{ ok: boolean; findings: { kind: string; detail?: string }[] }>();
  if (!data)
    return (
      <>
        <p>
          <a href="#/incidents">← Incidents</a>
        </p>
        <Loading error={error} />
      </>
    );
  const { incident, timeline, summary } = data;
  const canAct = Boolean(me?.canAct);
  const action = (body: Record<string, unknown>) => (reason: string) =>
    api(`/incidents/${encodeURIComponent(id)}/actions`, { ...body, reason });
  return (
    <>
      <p>
        <a href="#/incidents">← Incidents</a>
      </p>
      <div class="page-head">
        <h1>
          {incident.id} <StatusBadge status={data.status} />
        </h1>
        <p class="subtitle">{incident.title}</p>
        <dl class="facts">
          <div>
            <dt>Severity</dt>
            <dd>
              <SeverityBadge severity={incident.severity} />
            </dd>
          </div>
          <div>
            <dt>Playbook</dt>
            <dd>{incident.playbook}</dd>
          </div>
          <div>
            <dt>Opened</dt>
            <dd>
              <time dateTime={incident.openedAt}>{when(incident.openedAt)}</time>
            </dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd>{incident.owner ?? 'nobody'}</dd>
          </div>
        </dl>
      </div>
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      <NeedsPerson summary={summary} view={data} canAct={canAct} onAsk={setAsk} />
      {summary && <WhatRiposteDid summary={summary} />}
      <Section title="Timeline picture" id="picture">
        {/* The picture function escapes every text it draws. */}
        <div
          class="picture"
          dangerouslySetInnerHTML={{ __html: timelineSvg(incident, timeline, { width: 980 }) }}
        />
      </Section>
      <Section title="Evidence" id="evidence">
        {summary?.evidence ? (
          <p>
            {summary.evidence.objects} objects sealed, manifest SHA-256{' '}
            <code class="hash">{summary.evidence.manifestSha256}</code>
            {summary.evidence.signed ? ', signed' : ''}.
          </p>
        ) : (
          <p class="muted">No sealed evidence recorded.</p>
        )}
        <button
          type="button"
          onClick={async () => {
            setEvidence(
              await api(`/incidents/${encodeURIComponent(id)}/actions`, { action: 'verify-evidence' }),
            );
          }}
        >
          Verify evidence now
        </button>
        {evidence && (
          <p class={`notice ${evidence.ok ? 'ok' : 'error'}`} role="status">
            {evidence.ok
              ? 'Intact: every object, the signature and the chain of custody check out.'
              : `${evidence.findings.length} finding(s): ${evidence.findings.map((f) => f.detail ?? f.kind).join('; ')}`}
          </p>
        )}
      </Section>
      <Actions id={id} summary={summary} canAct={canAct} onAsk={setAsk} action={action} />
      <Section title="Timeline" id="timeline">
        <TimelineTable timeline={timeline} />
      </Section>
      <ConfirmDialog
        ask={ask}
        onDone={(msg) => {
          setAsk(null);
          if (msg) {
            setDone(msg);
            refresh();
          }
        }}
      />
    </>
  );
}

function NeedsPerson(props: {
  summary: Summary | null;
  view: View;
  canAct: boolean;
  onAsk: (c: Confirmation) => void;
}) {
  const { summary, view, canAct, onAsk } = props;
  const failures = summary?.failures ?? [];
  const held = summary?.held ?? [];
  const handedOver = view.incident.status === 'open' && view.approvals.length === 0;
  if (!view.approvals.length && !failures.length && !held.length && !handedOver) return null;
  return (
    <Section title="Needs a person" id="needs" tone="attention">
      {view.approvals.map((a) => (
        <ApprovalCard key={a.token} approval={a} canAct={canAct} onAsk={onAsk} />
      ))}
      {failures.length > 0 && (
        <ul class="failures">
          {failures.map((f) => (
            <li key={f.action + f.detail}>
              <strong>{f.action}</strong> failed: {f.detail}
            </li>
          ))}
        </ul>
      )}
      {held.length > 0 && <p>Accounts held for a decision: {held.join(', ')}.</p>}
      {handedOver && <p>The incident is open: its work was handed to a person (see the timeline).</p>}
    </Section>
  );
}

function List({ items, empty }: { items: string[]; empty: string }) {
  return items.length ? (
    <ul class="chips">
      {items.map((i) => (
        <li key={i}>
          <code>{i}</code>
        </li>
      ))}
    </ul>
  ) : (
    <span class="muted">{empty}</span>
  );
}

function WhatRiposteDid({ summary }: { summary: Summary }) {
  return (
    <Section title="What riposte did" id="did">
      <dl class="did">
        <dt>Detected</dt>
        <dd>
          {summary.detections.length
            ? summary.detections.map((d) => (
                <p key={d.type + d.sources.join()}>
                  {d.type}
                  {d.technique ? ` (${d.technique})` : ''} from {d.sources.join(', ')} against{' '}
                  {d.accounts.length} account(s)
                </p>
              ))
            : 'an alert (see the timeline)'}
        </dd>
        <dt>Blocked in WAF</dt>
        <dd>
          <List items={summary.blocked} empty="nothing live" />
        </dd>
        <dt>Not blocked</dt>
        <dd>
          {summary.refused.length ? (
            <ul>
              {summary.refused.map((r) => (
                <li key={r.address}>
                  <code>{r.address}</code>: {r.reason}
                </li>
              ))}
            </ul>
          ) : (
            <span class="muted">nothing refused</span>
          )}
        </dd>
        <dt>Sessions revoked</dt>
        <dd>
          <List items={summary.sessionsRevoked} empty="none" />
        </dd>
        <dt>Password resets</dt>
        <dd>
          <List items={summary.passwordResets} empty="none" />
        </dd>
        <dt>Residual access</dt>
        <dd>
          {summary.accounts.length ? (
            <ul>
              {summary.accounts.map((a) => (
                <li key={a.user}>
                  <strong>{a.user}</strong>: tokens issued before containment stay valid up to{' '}
                  {duration(a.residualAccessSeconds)} ({a.providers.join(', ')})
                </li>
              ))}
            </ul>
          ) : (
            <span class="muted">no account contained</span>
          )}
        </dd>
        <dt>Pages</dt>
        <dd>{summary.pages}</dd>
      </dl>
    </Section>
  );
}

function Actions(props: {
  id: string;
  summary: Summary | null;
  canAct: boolean;
  onAsk: (c: Confirmation) => void;
  action: (body: Record<string, unknown>) => (reason: string) => Promise<unknown>;
}) {
  const { id, summary, canAct, onAsk, action } = props;
  const [ips, setIps] = useState('');
  if (!canAct)
    return (
      <Section title="Actions" id="actions">
        <p class="muted">Viewers read only; ask a responder to act.</p>
      </Section>
    );
  const list = () =>
    ips
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  return (
    <Section title="Actions" id="actions">
      <div class="action-row">
        <label>
          Addresses
          <input
            name="ips"
            value={ips}
            onInput={(e) => setIps((e.target as HTMLInputElement).value)}
            placeholder="203.0.113.9, 2001:db8::1"
          />
        </label>
        <button
          type="button"
          disabled={!ips.trim()}
          onClick={() =>
            onAsk({
              title: 'Block addresses',
              effect: `block-ips will block ${list().join(', ')} for ${id}, with the same guardrails as every block.`,
              confirm: 'Block',
              danger: true,
              run: action({ action: 'block', ips: list() }),
            })
          }
        >
          Block…
        </button>
        <button
          type="button"
          disabled={!ips.trim()}
          onClick={() =>
            onAsk({
              title: 'Unblock addresses',
              effect: `unblock-ips will remove ${list().join(', ')} from the blocklist.`,
              confirm: 'Unblock',
              run: action({ action: 'unblock', ips: list() }),
            })
          }
        >
          Unblock…
        </button>
      </div>
      {summary && summary.blocked.length > 0 && (
        <p class="hint">
          Live now:{' '}
          {summary.blocked.map((b) => (
            <button type="button" class="chip" key={b} onClick={() => setIps(b)}>
              {b}
            </button>
          ))}
        </p>
      )}
      <div class="buttons wrap">
        <button
          type="button"
          onClick={() =>
            onAsk({
              title: 'Undo account containment',
              effect: 'Puts every contained account back as it was before (re-enable, drop deny policies).',
              confirm: 'Undo',
              danger: true,
              run: action({ action: 'undo', target: 'contain-accounts' }),
            })
          }
        >
          Undo accounts…
        </button>
        {(['hold', 'resume', 'advance'] as const).map((c) => (
          <button
            type="button"
            key={c}
            onClick={() =>
              onAsk({
                title: `Relaxation: ${c}`,
                effect:
                  c === 'hold'
                    ? 'Stops relaxing the emergency posture for this incident until resumed.'
                    : c === 'resume'
                      ? 'Relaxes again, re-running held stages now.'
                      : 'Runs the next relaxation stage now, past hold and gate.',
                confirm: c[0]?.toUpperCase() + c.slice(1),
                run: action({ action: `relax-${c}` }),
              })
            }
          >
            {c[0]?.toUpperCase() + c.slice(1)} relaxation…
          </button>
        ))}
      </div>
    </Section>
  );
}

export function TimelineTable({ timeline }: { timeline: readonly TimelineEntry[] }) {
  return (
    <div class="scroll">
      <table class="list timeline">
        <caption class="sr-only">Every line of the incident timeline, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {timeline.map((e, i) => (
            <tr key={`${e.at}-${i}`} class={`outcome-${e.outcome}`}>
              <td data-label="Time">
                <time dateTime={e.at} title={e.at}>
                  {when(e.at)}
                </time>
              </td>
              <td data-label="Actor">{e.actor}</td>
              <td data-label="Action">{e.action}</td>
              <td data-label="Outcome">
                <span class={`badge outcome-${e.outcome}`}>
                  <span aria-hidden="true">{MARK[e.outcome]}</span> {e.outcome}
                </span>
              </td>
              <td data-label="Detail" class="detail">
                {e.detail}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
