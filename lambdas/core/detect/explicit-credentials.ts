import type { AuthEvent } from '../auth-event.ts';
import { groupBy } from './attempts.ts';
import { duration, type Finding } from './detection.ts';
import type { Source } from './sources.ts';
import type { DetectionConfig } from './thresholds.ts';
import { bursts, WindowCount } from './window.ts';

const MINUTE = 60_000;

/**
 * Explicit-credential sprays (T1110.003) as Windows writes them: event 4648 ("a logon was attempted using
 * explicit credentials"), logged on the machine that used them, one per try, whatever the result. One
 * subject on one machine trying many target accounts in a short window (`runas`, `net use`, a spray tool
 * calling LogonUser) is a spray from that machine, at the spray thresholds (accounts in the window).
 */
export function detectExplicitCredentialSprays(
  events: readonly AuthEvent[],
  config: DetectionConfig,
): Finding[] {
  const { spray } = config;
  const tries = events.filter(
    (e) =>
      e.eventCode === '4648' &&
      e.format === 'windows' &&
      e.sourceHost !== undefined &&
      !e.user.endsWith('$') &&
      e.user !== e.actor &&
      // A computer account as subject is Windows itself signing users in (winlogon on a terminal server).
      !(e.actor?.endsWith('$') ?? false),
  );
  if (tries.length < spray.minAccounts) return [];
  const findings: Finding[] = [];
  const bySubject = groupBy(tries, (e) => `${e.sourceHost}\n${e.actor ?? ''}`);
  for (const group of bySubject.values()) {
    if (group.length < spray.minAccounts) continue;
    group.sort((a, b) => a.time - b.time);
    let accounts = new WindowCount();
    const tracker = {
      add: (e: AuthEvent) => accounts.add(e.user),
      remove: (e: AuthEvent) => accounts.remove(e.user),
      triggered: () => accounts.distinct >= spray.minAccounts,
      reset: () => {
        accounts = new WindowCount();
      },
    };
    for (const burst of bursts(group, spray.windowMinutes * MINUTE, tracker)) {
      const first = burst[0] as AuthEvent;
      const host = first.sourceHost as string;
      const users = new Set(burst.map((e) => e.user));
      const targets = [...new Set(burst.flatMap((e) => (e.destination ? [e.destination] : [])))];
      const processes = [...new Set(burst.flatMap((e) => (e.process ? [e.process] : [])))];
      const source: Source = { key: `host:${host}`, host, internal: true };
      findings.push({
        type: 'password-spray',
        key: `explicit:${host}:${first.actor ?? ''}`,
        events: burst,
        sources: [source],
        targetedUsers: users,
        compromisedUsers: [],
        severity: 65,
        title: `Password spray with explicit credentials from ${host}${first.actor ? ` as ${first.actor}` : ''} against ${users.size} accounts`,
        reasons: [
          `${users.size} accounts tried with explicit credentials (4648) on ${host}${first.actor ? ` by ${first.actor}` : ''} within ${duration((burst.at(-1) as AuthEvent).time - first.time)} (threshold ${spray.minAccounts} in ${spray.windowMinutes} min)`,
          ...(targets.length ? [`sent to ${targets.slice(0, 5).join(', ')}`] : []),
          ...(processes.length ? [`by process ${processes.slice(0, 3).join(', ')}`] : []),
          `${host} is inside the network: a host to investigate, not an address to block`,
        ],
      });
    }
  }
  return findings;
}
