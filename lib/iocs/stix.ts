import type { Alert } from '../../lambdas/core/alerts.ts';
import type { AuthEvent } from '../../lambdas/core/auth-event.ts';
import { nonPublicRange, overlaps, parseCidr } from '../../lambdas/core/cidr.ts';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import { blockWindows } from '../pictures/timeline-svg.ts';
import { ATTACK_TECHNIQUES } from '../report/facts.ts';
import { RIPOSTE_NAMESPACE, uuidv5 } from './uuid.ts';

/**
 * An incident's indicators as a STIX 2.1 bundle, for sharing with an ISAC: the producer, one indicator per
 * blocked address (valid for its block window), the ATT&CK techniques, sightings with counts, the
 * relationships between them and the TLP 2.0 marking. Ids are UUIDv5 of what each object is about, and
 * every timestamp comes from the incident, so exporting the same incident twice gives the same bytes.
 */

export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

/** The TLP 2.0 marking definitions as FIRST and OASIS publish them (fixed ids, the TLP 2.0 extension). */
const TLP_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP_IDS: Record<TlpLevel, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export function tlpMarking(level: TlpLevel) {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
}

export interface IocInput {
  incident: Incident;
  timeline: readonly TimelineEntry[];
  /** Sign-in events read from the sealed evidence (for counts, first/last seen and user agents). */
  events: readonly AuthEvent[];
  tlp: TlpLevel;
  /** No user names, internal hosts or internal addresses anywhere in the bundle. */
  anonymize: boolean;
  /** The producer's name (the organisation sharing). */
  producer: string;
}

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface IocBundle {
  bundle: { type: 'bundle'; id: string; objects?: StixObject[] };
  indicators: number;
  /** Why nothing was shared, when nothing was. */
  empty?: string;
}

const id = (type: string, name: string) => `${type}--${uuidv5(`${type}|${name}`, RIPOSTE_NAMESPACE)}`;

export function iocBundle(input: IocInput): IocBundle {
  const { incident, timeline, events, tlp, anonymize } = input;
  const marking = tlpMarking(tlp);
  const marked = { object_marking_refs: [marking.id] };
  const created = incident.openedAt;
  const bundleId = id('bundle', `${incident.id}|${tlp}|${anonymize ? 'anonymized' : 'full'}`);
  const producer: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: id('identity', input.producer),
    created,
    modified: created,
    name: input.producer,
    identity_class: 'organization',
    ...marked,
  };
  const alerts = timeline
    .filter((e) => e.action === 'open-incident' || e.action === 'attach-alert')
    .map((e) => e.data?.alert as Alert | undefined)
    .filter((a): a is Alert => Boolean(a));
  const techniques = [...new Set(alerts.flatMap((a) => (a.technique ? [a.technique] : [])))].sort();
  const attackPatterns = techniques.map((t) => attackPattern(t, created, marked));
  const windows = blockWindows(timeline).flatMap((w) => w.cidrs.map((cidr) => ({ ...w, cidr })));
  const byCidr = new Map<string, (typeof windows)[number]>();
  // One indicator per blocked address: its first block window (a re-block is a new sighting, same indicator).
  for (const w of windows.sort((a, b) => a.from.localeCompare(b.from))) {
    if (!byCidr.has(w.cidr) && isShareable(w.cidr)) byCidr.set(w.cidr, w);
  }
  const people = new Set(
    [...incident.targetedUsers, ...incident.compromisedUsers].map((u) => u.toLowerCase()),
  );
  const objects: StixObject[] = [];
  const relationships: StixObject[] = [];
  for (const [cidr, w] of [...byCidr].sort(([a], [b]) => a.localeCompare(b))) {
    const seen = events.filter((e) => e.sourceIp && contains(cidr, e.sourceIp));
    const failures = seen.filter((e) => e.outcome === 'failure').length;
    const accounts = [...new Set(seen.map((e) => e.user))].sort();
    const indicatorId = id('indicator', `${incident.id}|${cidr}`);
    const family = cidr.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
    objects.push({
      type: 'indicator',
      spec_version: '2.1',
      id: indicatorId,
      created_by_ref: producer.id,
      created: w.from,
      modified: w.from,
      name: `${incident.playbook} source ${cidr}`,
      description:
        `Blocked by riposte in ${w.layer} from ${w.from}${w.until ? ` until ${w.until}` : ''} (${incident.playbook}). ` +
        `${seen.length} sign-in attempt(s) in the sealed evidence, ${failures} failed` +
        (anonymize || accounts.length === 0 ? '.' : `; accounts tried: ${accounts.join(', ')}.`),
      indicator_types: ['malicious-activity'],
      pattern: `[${family}:value = '${cidr}']`,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: w.from,
      ...(w.until && w.until > w.from ? { valid_until: w.until } : {}),
      labels: [incident.playbook],
      ...marked,
    });
    const times = seen.map((e) => e.time);
    objects.push({
      type: 'sighting',
      spec_version: '2.1',
      id: id('sighting', `${incident.id}|${cidr}`),
      created_by_ref: producer.id,
      created: w.from,
      modified: w.from,
      sighting_of_ref: indicatorId,
      count: Math.min(seen.length, 999_999_999),
      ...(times.length > 0
        ? {
            first_seen: new Date(Math.min(...times)).toISOString(),
            last_seen: new Date(Math.max(...times)).toISOString(),
          }
        : {}),
      where_sighted_refs: [producer.id],
      ...marked,
    });
    for (const ap of attackPatterns)
      relationships.push(relationship(indicatorId, 'indicates', ap.id, producer.id, w.from, marked));
    for (const agent of userAgents(seen, people, anonymize)) {
      const agentId = id('indicator', `${incident.id}|user-agent|${agent}`);
      if (objects.some((o) => o.id === agentId)) continue;
      objects.push({
        type: 'indicator',
        spec_version: '2.1',
        id: agentId,
        created_by_ref: producer.id,
        created: w.from,
        modified: w.from,
        name: `user agent of ${incident.playbook} attempts`,
        description:
          'The HTTP User-Agent of sign-in attempts from the blocked addresses (weak alone: easily changed).',
        indicator_types: ['anomalous-activity'],
        pattern: `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = '${stixString(agent)}']`,
        pattern_type: 'stix',
        pattern_version: '2.1',
        valid_from: w.from,
        ...marked,
      });
    }
  }
  const indicators = objects.filter(
    (o) => o.type === 'indicator' && String(o.pattern).includes('-addr:'),
  ).length;
  if (indicators === 0) {
    return {
      bundle: { type: 'bundle', id: bundleId },
      indicators: 0,
      empty: `nothing to share: riposte blocked no public address for ${incident.id}`,
    };
  }
  const contained = new Set(
    timeline
      .filter((e) => e.outcome === 'ok' && /^(revoke-sessions|force-password-reset|disable)$/.test(e.action))
      .map((e) => String(e.data?.user)),
  ).size;
  const action: StixObject = {
    type: 'course-of-action',
    spec_version: '2.1',
    id: id('course-of-action', `${incident.id}|edge-block`),
    created_by_ref: producer.id,
    created,
    modified: created,
    name: 'Block the source addresses at the edge',
    description: `What worked: riposte blocked ${indicators} address(es) in ${[...new Set(windows.map((w) => w.layer))].join(' and ')} for their block windows; ${contained} account(s) the attack reached were signed out or made to reset their password.`,
    ...marked,
  };
  for (const ap of attackPatterns)
    relationships.push(relationship(action.id, 'mitigates', ap.id, producer.id, created, marked));
  return {
    bundle: {
      type: 'bundle',
      id: bundleId,
      objects: [marking as StixObject, producer, ...attackPatterns, action, ...objects, ...relationships],
    },
    indicators,
  };
}

function attackPattern(technique: string, created: string, marked: object): StixObject {
  const [base, sub] = technique.split('.');
  const known = ATTACK_TECHNIQUES[technique];
  return {
    type: 'attack-pattern',
    spec_version: '2.1',
    id: id('attack-pattern', technique),
    created,
    modified: created,
    name: known?.name ?? technique,
    external_references: [
      {
        source_name: 'mitre-attack',
        external_id: technique,
        url: `https://attack.mitre.org/techniques/${base}/${sub ? `${sub}/` : ''}`,
      },
    ],
    ...(known ? { kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: known.tactic }] } : {}),
    ...marked,
  };
}

function relationship(
  source: string,
  type: string,
  target: string,
  by: string,
  created: string,
  marked: object,
): StixObject {
  return {
    type: 'relationship',
    spec_version: '2.1',
    id: id('relationship', `${source}|${type}|${target}`),
    created_by_ref: by,
    created,
    modified: created,
    relationship_type: type,
    source_ref: source,
    target_ref: target,
    ...marked,
  };
}

/** Public addresses only: a private, reserved or allow-listed range never leaves the organisation. */
function isShareable(cidr: string): boolean {
  try {
    return nonPublicRange(parseCidr(cidr)) === undefined;
  } catch {
    return false;
  }
}

function contains(cidr: string, address: string): boolean {
  try {
    return overlaps(parseCidr(cidr), parseCidr(address));
  } catch {
    return false;
  }
}

/** User agents of the attempts; anonymized, those naming an account, a host or an address are left out. */
function userAgents(seen: readonly AuthEvent[], people: ReadonlySet<string>, anonymize: boolean): string[] {
  const agents = [...new Set(seen.flatMap((e) => (e.userAgent ? [e.userAgent] : [])))].sort();
  if (!anonymize) return agents;
  const hosts = new Set(seen.flatMap((e) => (e.sourceHost ? [e.sourceHost.toLowerCase()] : [])));
  return agents.filter((agent) => {
    const lower = agent.toLowerCase();
    if ([...people, ...hosts].some((name) => name.length >= 3 && lower.includes(name))) return false;
    return !/\b(10|127|169\.254|172\.(1[6-9]|2\d|3[01])|192\.168)\.\d+\.\d+/.test(agent);
  });
}

/** A STIX pattern string literal: backslash and quote escaped. */
function stixString(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
}
