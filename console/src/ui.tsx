import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from './api.ts';
import { severityBand } from './format.ts';

/** Fetch `path` now and again whenever `version` moves (the state changed). */
export function useData<T>(path: string, version: number) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api<T>(path)
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [path, version]);
  return { data, error };
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status}</span>;
}

export function SeverityBadge({ severity }: { severity: number }) {
  const band = severityBand(severity);
  return (
    <span class={`badge sev-${band}`} title={`severity ${severity} of 100`}>
      {band} {severity}
    </span>
  );
}

export function Loading({ error }: { error?: string | undefined }) {
  return error ? (
    <p class="notice error" role="alert">
      {error}
    </p>
  ) : (
    <p class="muted" aria-live="polite">
      Loading…
    </p>
  );
}

export function Section(props: { title: string; id?: string; children: ComponentChildren; tone?: string }) {
  const headingId = `${props.id ?? props.title.toLowerCase().replace(/\W+/g, '-')}-h`;
  return (
    <section class={`card ${props.tone ?? ''}`} aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      {props.children}
    </section>
  );
}

export interface Confirmation {
  title: string;
  /** What will happen, in words. */
  effect: string;
  confirm: string;
  danger?: boolean;
  /** Ask for a reason (recorded on the incident). */
  reason?: boolean;
  run: (reason: string) => Promise<unknown>;
}

/** A modal confirmation: says what will happen, takes a reason, shows the server's answer or error. */
export function ConfirmDialog({ ask, onDone }: { ask: Confirmation | null; onDone: (msg?: string) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!dialog.current) return;
    if (ask && !dialog.current.open) {
      setReason('');
      setError(undefined);
      dialog.current.showModal();
    }
    if (!ask && dialog.current.open) dialog.current.close();
  }, [ask]);
  if (!ask) return <dialog ref={dialog} />;
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await ask.run(reason);
      onDone(`${ask.title}: done`);
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={dialog} aria-labelledby="confirm-title" onClose={() => onDone()}>
      <form method="dialog" onSubmit={submit}>
        <h2 id="confirm-title">{ask.title}</h2>
        <p>{ask.effect}</p>
        {ask.reason !== false && (
          <label>
            Reason (recorded on the incident)
            <textarea
              name="reason"
              required
              minLength={3}
              rows={2}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
            />
          </label>
        )}
        {error && (
          <p class="notice error" role="alert">
            {error}
          </p>
        )}
        <div class="buttons">
          <button type="button" class="ghost" onClick={() => onDone()}>
            Cancel
          </button>
          <button type="submit" class={ask.danger ? 'danger' : 'primary'} disabled={busy}>
            {busy ? 'Working…' : ask.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}

export interface ViewProps {
  version: number;
  me: import('./types.ts').Me | undefined;
  refresh: () => void;
}
