import type { Alert } from '../core/alerts.ts';
import type { BranchResult, BranchSuccess } from '../core/incident.ts';
import { type HostToInvestigate, hostEvidence, internalSources } from '../core/internal-sources.ts';
import type { Deps } from '../platform/deps.ts';
import { investigationWindow, readAuthEvents } from './auth-log.ts';

const IP = /^[0-9a-f:.]+$/i;

/**
 * Internal sources of an attack (private addresses, hosts known by name) are never WAF entries: name each as
 * a host to investigate, with its sign-in record in the window from the log source, on the incident and in
 * the page. If the logs cannot be read, the hosts are still named and the failed read is reported.
 */
export async function nameHostsToInvestigate(
  { incidentId, alert }: { incidentId: string; alert: Alert },
  deps: Deps,
): Promise<BranchResult> {
  const hosts = internalSources(alert);
  const result = (hostsToInvestigate: HostToInvestigate[], failures: BranchSuccess['failures'] = []) => ({
    step: 'name-hosts-to-investigate',
    ok: true as const,
    summary:
      hostsToInvestigate.length === 0
        ? 'no internal source: no host to investigate'
        : `investigate internal host(s), never sent to WAF: ${hostsToInvestigate.map(describe).join('; ')}`,
    failures,
    // An attacker inside the network is not contained until someone inspects or isolates the host.
    handedOver: hostsToInvestigate.length > 0,
    hostsToInvestigate,
  });
  if (hosts.length === 0) return result([]);

  const failures: BranchSuccess['failures'] = [];
  let found = hostEvidence(hosts, []);
  try {
    const window = investigationWindow(alert, deps);
    // Records without an address name their host only inside a longer name (WORKSTATION5.corp.local):
    // read by the accounts too, then match hosts on the normalized events.
    const { events } = await readAuthEvents(deps, window, {
      ips: hosts.filter((h) => IP.test(h)),
      users: [...hosts.filter((h) => !IP.test(h)), ...alert.targetedUsers],
    });
    found = hostEvidence(hosts, events);
  } catch (error) {
    failures.push({
      target: 'log source',
      error: `${(error as Error).name}: ${(error as Error).message}; the hosts are named without their sign-in counts`,
    });
  }
  const at = deps.clock().toISOString();
  await deps.incidents.appendMany(
    found.map((host) => ({
      incidentId,
      entryId: `investigate-host:${host.host}`,
      entry: {
        at,
        actor: 'riposte/name-hosts-to-investigate',
        action: 'investigate-host',
        outcome: 'ok' as const,
        detail: `internal source ${describe(host)}: inspect or isolate it; it is not blocked in WAF`,
        data: { host },
      },
    })),
  );
  for (const f of failures) {
    await deps.incidents.append(incidentId, `investigate-host-failed:${at}`, {
      at,
      actor: 'riposte/name-hosts-to-investigate',
      action: 'investigate-host',
      outcome: 'failed',
      detail: `could not read the sign-in logs of the internal hosts: ${f.error}`,
    });
  }
  return result(found, failures);
}

function describe(h: HostToInvestigate): string {
  const seen = h.firstSeen ? ` between ${h.firstSeen} and ${h.lastSeen}` : '';
  const signedIn = h.signedInAs.length > 0 ? `, signed in as ${h.signedInAs.join(', ')}` : '';
  return `${h.host} (${h.failures} failed sign-in(s) against ${h.accounts.length} account(s)${signedIn}${seen})`;
}
