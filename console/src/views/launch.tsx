import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api.ts';
import type { JsonSchema, PlaybookInfo } from '../types.ts';
import { Loading, useData, type ViewProps } from '../ui.tsx';

type Kind = 'text' | 'number' | 'boolean' | 'enum' | 'list' | 'json';

/** How a field of the playbook's published JSON Schema is edited. */
export function fieldKind(s: JsonSchema): Kind {
  if (s.enum) return 'enum';
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'array' && s.items && (s.items.type === 'string' || s.items.enum)) return 'list';
  if (type === 'string') return 'text';
  return 'json';
}

/** The text a field shows for a value. */
function show(kind: Kind, value: unknown): string {
  if (value === undefined) return '';
  if (kind === 'list') return (value as unknown[]).join('\n');
  if (kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/** The value a field's text stands for; undefined when left empty (the schema's default applies). */
function read(kind: Kind, text: string): unknown {
  if (text.trim() === '') return undefined;
  if (kind === 'number') return Number(text);
  if (kind === 'boolean') return text === 'true';
  if (kind === 'list')
    return text
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  if (kind === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export function LaunchView({ version, me, playbook }: ViewProps & { playbook?: string | undefined }) {
  const { data, error } = useData<PlaybookInfo[]>('/playbooks', version);
  if (!data) return <Loading error={error} />;
  const chosen = data.find((p) => p.id === playbook);
  return (
    <>
      <div class="page-head">
        <h1>Launch a playbook</h1>
      </div>
      <label class="pick">
        Playbook
        <select
          name="playbook"
          value={chosen?.id ?? ''}
          onChange={(e) => {
            location.hash = `#/launch/${(e.target as HTMLSelectElement).value}`;
          }}
        >
          <option value="">choose…</option>
          {data.map((p) => (
            <option value={p.id} key={p.id}>
              {p.id}: {p.title}
            </option>
          ))}
        </select>
      </label>
      {chosen && <LaunchForm key={chosen.id} playbook={chosen} canAct={Boolean(me?.canAct)} />}
    </>
  );
}

function LaunchForm({ playbook, canAct }: { playbook: PlaybookInfo; canAct: boolean }) {
  const properties = Object.entries(playbook.schema.properties ?? {});
  const required = new Set(playbook.schema.required ?? []);
  const initial = () =>
    Object.fromEntries(
      properties.map(([name, s]) => [
        name,
        // A fresh request id per form: the example's would be a duplicate after its first launch.
        name === 'requestId'
          ? `console-${Date.now()}`
          : show(fieldKind(s), playbook.example[name] ?? s.default),
      ]),
    );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [problem, setProblem] = useState<{ message: string; field?: string | undefined }>();
  const [result, setResult] = useState<{ execution: string; status: string; incidentId?: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (problem?.field) document.getElementById(`field-${problem.field.split('.')[0]}`)?.focus();
  }, [problem]);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setResult(undefined);
    const input: Record<string, unknown> = {};
    for (const [name, s] of properties) {
      const value = read(fieldKind(s), values[name] ?? '');
      if (value !== undefined) input[name] = value;
    }
    try {
      setResult(await api('/launch', { playbook: playbook.id, input }));
    } catch (e) {
      setProblem({ message: (e as Error).message, field: e instanceof ApiError ? e.field : undefined });
    } finally {
      setBusy(false);
    }
  };
  const fieldOf = problem?.field?.split('.')[0];
  return (
    <form class="card launch" onSubmit={submit} noValidate aria-describedby="launch-about">
      <p id="launch-about" class="muted">
        {playbook.trigger}. The input is checked as the playbook's first state checks it.
      </p>
      {properties.map(([name, s]) => {
        const kind = fieldKind(s);
        const id = `field-${name}`;
        const invalid = fieldOf === name;
        const common = {
          id,
          name,
          'aria-invalid': invalid ? ('true' as const) : undefined,
          'aria-describedby': invalid ? `${id}-error` : undefined,
          value: values[name] ?? '',
          onInput: (e: Event) =>
            setValues({ ...values, [name]: (e.target as HTMLInputElement | HTMLTextAreaElement).value }),
        };
        return (
          <div class={`field ${invalid ? 'invalid' : ''}`} key={name}>
            <label for={id}>
              {name}
              {required.has(name) && (
                <>
                  <span aria-hidden="true"> *</span>
                  <span class="sr-only"> (required)</span>
                </>
              )}
              <span class="type">{kind === 'list' ? 'one per line' : kind === 'enum' ? '' : kind}</span>
            </label>
            {kind === 'enum' ? (
              <select {...common} onChange={common.onInput}>
                <option value="">{required.has(name) ? 'choose…' : '(default)'}</option>
                {(s.enum ?? []).map((v) => (
                  <option key={String(v)}>{String(v)}</option>
                ))}
              </select>
            ) : kind === 'boolean' ? (
              <select {...common} onChange={common.onInput}>
                <option value="">(default{s.default === undefined ? '' : `: ${String(s.default)}`})</option>
                <option value="true">yes</option>
                <option value="false">no</option>
              </select>
            ) : kind === 'list' || kind === 'json' ? (
              <textarea {...common} rows={kind === 'json' ? 4 : 3} />
            ) : (
              <input
                {...common}
                type={kind === 'number' ? 'text' : 'text'}
                inputMode={kind === 'number' ? 'decimal' : undefined}
              />
            )}
            {invalid && (
              <p class="field-error" id={`${id}-error`} role="alert">
                {problem?.message}
              </p>
            )}
          </div>
        );
      })}
      {problem && !fieldOf && (
        <p class="notice error" role="alert">
          {problem.message}
        </p>
      )}
      {result && (
        <p class="notice ok" role="status">
          {result.execution}: {result.status}
          {result.incidentId && (
            <>
              {' '}
              — <a href={`#/incidents/${encodeURIComponent(result.incidentId)}`}>{result.incidentId}</a>
            </>
          )}
        </p>
      )}
      <div class="buttons">
        <button type="button" class="ghost" onClick={() => setValues(initial())}>
          Reset to the example
        </button>
        <button type="submit" class="primary" disabled={busy || !canAct}>
          {busy ? 'Starting…' : `Start ${playbook.id}`}
        </button>
      </div>
    </form>
  );
}
