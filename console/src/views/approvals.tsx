import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import type { PendingApproval } from '../types.ts';
import { type Confirmation, ConfirmDialog, Loading, useData, type ViewProps } from '../ui.tsx';

/** One approval request: what will be done, to whom, why a person decides; approve or deny with a reason. */
export function ApprovalCard(props: {
  approval: PendingApproval;
  canAct: boolean;
  onAsk: (c: Confirmation) => void;
}) {
  const { approval: a, canAct, onAsk } = props;
  const answer = (decision: 'approve' | 'deny') =>
    onAsk({
      title: `${decision === 'approve' ? 'Approve' : 'Deny'}: ${a.subject}`,
      effect:
        decision === 'approve'
          ? `The playbook of ${a.incidentId} goes on and will ${a.subject}.`
          : `The playbook of ${a.incidentId} takes its deny path: nothing of this request is done.`,
      confirm: decision === 'approve' ? 'Approve' : 'Deny',
      danger: decision === 'deny',
      run: (reason) => api('/approvals', { token: a.token, decision, reason }),
    });
  return (
    <article class="approval" aria-label={`approval for ${a.incidentId}`}>
      <h3>
        {a.subject} <a href={`#/incidents/${encodeURIComponent(a.incidentId)}`}>{a.incidentId}</a>
      </h3>
      <ul class="reasons">
        {a.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <details>
        <summary>{a.planned.length} target(s)</summary>
        <ul class="targets">
          {a.planned.slice(0, 200).map((p) => (
            <li key={p}>
              <code>{p}</code>
            </li>
          ))}
        </ul>
      </details>
      {canAct ? (
        <div class="buttons">
          <button type="button" class="primary" onClick={() => answer('approve')}>
            Approve…
          </button>
          <button type="button" class="danger" onClick={() => answer('deny')}>
            Deny…
          </button>
        </div>
      ) : (
        <p class="muted">Viewers cannot answer approvals.</p>
      )}
    </article>
  );
}

export function ApprovalsView({ version, me, refresh }: ViewProps) {
  const { data, error } = useData<PendingApproval[]>('/approvals', version);
  const [ask, setAsk] = useState<Confirmation | null>(null);
  const [done, setDone] = useState<string | undefined>();
  return (
    <>
      <div class="page-head">
        <h1>Approvals</h1>
      </div>
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      {!data ? (
        <Loading error={error} />
      ) : data.length === 0 ? (
        <p class="empty">Nothing waits for an approval.</p>
      ) : (
        data.map((a) => (
          <ApprovalCard key={a.token} approval={a} canAct={Boolean(me?.canAct)} onAsk={setAsk} />
        ))
      )}
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
