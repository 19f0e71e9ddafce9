import { when } from '../format.ts';
import type { StageReport, PostureView as View } from '../types.ts';
import { Loading, Section, useData, type ViewProps } from '../ui.tsx';

export function PostureView({ version }: ViewProps) {
  const { data, error } = useData<View>('/posture', version);
  if (!data) return <Loading error={error} />;
  return (
    <>
      <div class="page-head">
        <h1>Posture</h1>
      </div>
      <Section title="Controls" id="controls">
        <div class="scroll">
          <table class="list controls">
            <thead>
              <tr>
                <th scope="col">Control</th>
                <th scope="col">In force</th>
                <th scope="col">Baseline</th>
                <th scope="col">Emergency</th>
                <th scope="col">Held by</th>
              </tr>
            </thead>
            <tbody>
              {data.controls.map((c) => {
                const holders = Object.entries(c.neededBy);
                const drift = c.applied !== null && c.applied !== c.effective;
                return (
                  <tr key={c.control} class={holders.length ? 'held' : ''}>
                    <th scope="row">{c.control}</th>
                    <td data-label="In force">
                      {String(c.applied ?? '?')} {c.unit}
                      {drift && <span class="badge status-failed">drift: needs {String(c.effective)}</span>}
                    </td>
                    <td data-label="Baseline">{String(c.baseline)}</td>
                    <td data-label="Emergency">{String(c.emergency)}</td>
                    <td data-label="Held by">
                      {holders.length
                        ? holders.map(([id, v]) => (
                            <a key={id} href={`#/incidents/${encodeURIComponent(id)}`} class="holder">
                              {id} ({String(v)})
                            </a>
                          ))
                        : 'nobody'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title="Relaxation ladders" id="ladders">
        {data.ladders.length === 0 ? (
          <p class="muted">No incident has a relaxation ladder.</p>
        ) : (
          data.ladders.map((l) => <Ladder key={l.incidentId} {...l} now={data.now} />)
        )}
      </Section>
    </>
  );
}

/** One incident's ladder on a time axis: from the incident's opening to its last planned stage, with now marked. */
function Ladder(props: { incidentId: string; openedAt: string; stages: StageReport[]; now: string }) {
  const start = Date.parse(props.openedAt);
  const end = Math.max(...props.stages.map((s) => Date.parse(s.plannedAt)), Date.parse(props.now));
  const at = (iso: string) => `${(((Date.parse(iso) - start) / Math.max(1, end - start)) * 100).toFixed(2)}%`;
  return (
    <figure class="ladder">
      <figcaption>
        <a href={`#/incidents/${encodeURIComponent(props.incidentId)}`}>{props.incidentId}</a>
      </figcaption>
      <div class="axis">
        <span class="now" style={{ left: at(props.now) }} aria-hidden="true" title="now" />
        <ul>
          {props.stages.map((s) => (
            <li
              key={s.stage}
              class={`stage stage-${s.outcome}`}
              style={{ left: at(s.plannedAt) }}
              title={`${s.stage}: ${s.outcome}, planned ${s.plannedAt}`}
            >
              <span class="label">
                {s.stage}
                <small>
                  {s.outcome} · {when(s.plannedAt)}
                </small>
              </span>
            </li>
          ))}
        </ul>
      </div>
    </figure>
  );
}
