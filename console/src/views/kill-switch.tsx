import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { when } from '../format.ts';
import type { KillSwitch } from '../types.ts';
import { type Confirmation, ConfirmDialog, Loading, useData, type ViewProps } from '../ui.tsx';

export function KillSwitchView({ version, me, refresh }: ViewProps) {
  const { data, error } = useData<KillSwitch>('/kill-switch', version);
  const [ask, setAsk] = useState<Confirmation | null>(null);
  if (!data) return <Loading error={error} />;
  const turn = (on: boolean) =>
    setAsk({
      title: on ? 'Pause all blocking' : 'Resume blocking',
      effect: on
        ? 'The WAF writer refuses every new block until the switch is off; each refusal is recorded on its incident.'
        : 'New blocks go to WAF again.',
      confirm: on ? 'Pause blocking' : 'Resume blocking',
      danger: on,
      run: (reason) => api('/kill-switch', { on, reason }),
    });
  return (
    <>
      <div class="page-head">
        <h1>Kill switch</h1>
      </div>
      <section class={`card switch ${data.on ? 'on' : 'off'}`} aria-live="polite">
        <p class="state">
          Blocking is <strong>{data.on ? 'PAUSED' : 'active'}</strong>
        </p>
        {data.by && (
          <p>
            {data.on ? 'Paused' : 'Last switched'} by <strong>{data.by}</strong>
            {data.at && (
              <>
                {' '}
                at <time dateTime={data.at}>{when(data.at)}</time>
              </>
            )}
            : {data.reason}
          </p>
        )}
        {me?.canAct && (
          <button type="button" class={data.on ? 'primary' : 'danger'} onClick={() => turn(!data.on)}>
            {data.on ? 'Resume blocking…' : 'Pause all blocking…'}
          </button>
        )}
      </section>
      <ConfirmDialog
        ask={ask}
        onDone={(msg) => {
          setAsk(null);
          if (msg) refresh();
        }}
      />
    </>
  );
}
