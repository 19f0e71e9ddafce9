import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, subscribe } from './api.ts';
import { deployedSettings, loadSettings, signIn } from './auth.ts';
import type { KillSwitch, Me, PendingApproval } from './types.ts';
import { ApprovalsView } from './views/approvals.tsx';
import { IncidentView } from './views/incident.tsx';
import { IncidentsView } from './views/incidents.tsx';
import { KillSwitchView } from './views/kill-switch.tsx';
import { LaunchView } from './views/launch.tsx';
import { PostureView } from './views/posture.tsx';

function useRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || 'incidents').split('/').map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => {
      setRoute(read());
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

const NAV = [
  ['incidents', 'Incidents'],
  ['approvals', 'Approvals'],
  ['launch', 'Launch'],
  ['posture', 'Posture'],
  ['kill-switch', 'Kill switch'],
] as const;

function App() {
  const route = useRoute();
  const [version, setVersion] = useState(0);
  const [me, setMe] = useState<Me | undefined>();
  const [approvals, setApprovals] = useState<PendingApproval[]>([]);
  const [kill, setKill] = useState<KillSwitch | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => subscribe(() => setVersion((v) => v + 1)), []);
  useEffect(() => {
    api<Me>('/me').then(setMe, (e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    api<PendingApproval[]>('/approvals').then(setApprovals, () => undefined);
    api<KillSwitch>('/kill-switch').then(setKill, () => undefined);
  }, [version]);
  const page = route[0];
  const refresh = () => setVersion((v) => v + 1);
  const props = { version, me, refresh };
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/incidents" aria-label="riposte console, incidents">
          <span aria-hidden="true">⟡</span> riposte
        </a>
        <nav aria-label="Console">
          {NAV.map(([id, label]) => (
            <a href={`#/${id}`} aria-current={page === id ? 'page' : undefined} key={id}>
              {label}
              {id === 'approvals' && approvals.length > 0 && (
                <span class="count">
                  {approvals.length}
                  <span class="sr-only"> waiting</span>
                </span>
              )}
            </a>
          ))}
        </nav>
        <span class="who">
          {me ? `${me.name}${me.canAct ? '' : ' (viewer)'}` : ''}
          {me?.where === 'local' && <span class="badge local">local simulation</span>}
        </span>
      </header>
      {kill?.on && (
        <p class="banner danger" role="status">
          Blocking is paused by the kill switch ({kill.by}: {kill.reason}).{' '}
          <a href="#/kill-switch">Details</a>
        </p>
      )}
      {error && (
        <p class="banner danger" role="alert">
          {error}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {page === 'incidents' && route[1] ? (
          <IncidentView id={route[1]} {...props} />
        ) : page === 'approvals' ? (
          <ApprovalsView {...props} />
        ) : page === 'launch' ? (
          <LaunchView {...props} playbook={route[1]} />
        ) : page === 'posture' ? (
          <PostureView {...props} />
        ) : page === 'kill-switch' ? (
          <KillSwitchView {...props} />
        ) : (
          <IncidentsView {...props} />
        )}
      </main>
    </>
  );
}

async function boot() {
  await loadSettings();
  if (deployedSettings()) await signIn();
  const root = document.getElementById('app');
  if (root) {
    root.textContent = '';
    render(<App />, root);
  }
}
void boot();
