import { describe, expect, it } from 'vitest';
import type { AuthEvent } from '../../lambdas/core/auth-event.ts';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import { toCsv } from '../../lib/iocs/export.ts';
import { type IocInput, iocBundle, TLP_LEVELS } from '../../lib/iocs/stix.ts';
import { uuidv5 } from '../../lib/iocs/uuid.ts';
import { stixBundleValidator } from '../support/stix-schemas.ts';

const validate = stixBundleValidator();

const incident: Incident = {
  id: 'INC-20261120-94be0320',
  playbook: 'credential-stuffing',
  title: 'credential-stuffing against 2 account(s)',
  severity: 65,
  status: 'contained',
  openedAt: '2026-11-20T03:20:00.000Z',
  updatedAt: '2026-11-20T03:20:00.000Z',
  alertIds: ['det-2'],
  sourceIps: ['198.51.100.23', '10.1.2.3', '2001:db8:beef::17'],
  targetedUsers: ['dave', 'erin'],
  compromisedUsers: ['dave'],
};

// The lines the playbook writes (open-incident, block-ip refused, waf-sync with the block windows).
const timeline: TimelineEntry[] = [
  {
    at: '2026-11-20T03:20:00.000Z',
    actor: 'alert/riposte.detection',
    action: 'open-incident',
    outcome: 'ok',
    detail: 'opened',
    data: {
      alert: {
        alertId: 'det-2',
        origin: 'riposte.detection',
        type: 'credential-stuffing',
        technique: 'T1110.004',
        observedAt: '2026-11-20T03:20:00Z',
        sourceIps: incident.sourceIps,
        sourceHosts: ['WORKSTATION5'],
        targetedUsers: ['dave', 'erin'],
        compromisedUsers: ['dave'],
      },
    },
  },
  {
    at: '2026-11-20T03:20:00.000Z',
    actor: 'riposte/block-ips',
    action: 'block-ip',
    outcome: 'refused',
    detail: 'did not block "10.1.2.3": private',
    data: { input: '10.1.2.3', reason: 'private' },
  },
  {
    at: '2026-11-20T03:20:01.000Z',
    actor: 'riposte/sync-waf',
    action: 'waf-sync',
    outcome: 'ok',
    detail: 'live in WAF',
    data: {
      live: ['198.51.100.23/32', '2001:db8:beef::17/128'],
      unblocked: [],
      notInWaf: [],
      until: {
        '198.51.100.23/32': '2026-11-21T03:20:01.000Z',
        '2001:db8:beef::17/128': '2026-11-21T03:20:01.000Z',
      },
    },
  },
  {
    at: '2026-11-20T03:20:01.000Z',
    actor: 'riposte/contain-accounts',
    action: 'revoke-sessions',
    outcome: 'ok',
    detail: 'revoked dave',
    data: { user: 'dave', provider: 'cognito' },
  },
];

const event = (
  time: string,
  ip: string,
  user: string,
  outcome: AuthEvent['outcome'],
  userAgent?: string,
): AuthEvent => ({
  time: Date.parse(time),
  format: 'app',
  eventCode: 'login',
  activity: 'logon',
  outcome,
  user,
  sourceIp: ip,
  ...(userAgent ? { userAgent } : {}),
});

const events: AuthEvent[] = [
  event('2026-11-20T03:18:00.000Z', '198.51.100.23', 'dave', 'failure', "python-requests/2.31 'x'"),
  event('2026-11-20T03:18:30.000Z', '198.51.100.23', 'erin', 'failure', 'okhttp/4.9 for dave'),
  event('2026-11-20T03:19:10.000Z', '198.51.100.23', 'dave', 'success', 'python-requests/2.31 from 10.1.2.3'),
  event('2026-11-20T03:19:00.000Z', '2001:db8:beef::17', 'erin', 'failure'),
  event('2026-11-20T03:19:00.000Z', '10.1.2.3', 'erin', 'failure'),
];

const input = (over: Partial<IocInput> = {}): IocInput => ({
  incident,
  timeline,
  events,
  tlp: 'amber',
  anonymize: false,
  producer: 'Example Shop CSIRT',
  ...over,
});

describe('STIX 2.1 IOC export', () => {
  it('validates against the OASIS schemas, for every TLP level', () => {
    for (const tlp of TLP_LEVELS) {
      const { bundle } = iocBundle(input({ tlp, anonymize: tlp === 'clear' }));
      expect(validate(bundle)).toEqual([]);
      const marking = bundle.objects?.find((o) => o.type === 'marking-definition');
      expect(marking?.name).toBe(`TLP:${tlp.toUpperCase()}`);
      // Every other object carries the marking.
      for (const o of bundle.objects ?? [])
        if (o.type !== 'marking-definition') expect(o.object_marking_refs).toEqual([marking?.id]);
    }
  });

  it('has one indicator per blocked address, valid for its block window, with its sighting', () => {
    const { bundle, indicators } = iocBundle(input());
    expect(indicators).toBe(2);
    const byPattern = Object.fromEntries(
      (bundle.objects ?? []).filter((o) => o.type === 'indicator').map((o) => [o.pattern, o]),
    );
    const v4 = byPattern["[ipv4-addr:value = '198.51.100.23/32']"];
    expect(v4?.valid_from).toBe('2026-11-20T03:20:01.000Z');
    expect(v4?.valid_until).toBe('2026-11-21T03:20:01.000Z');
    expect(byPattern["[ipv6-addr:value = '2001:db8:beef::17/128']"]?.valid_until).toBe(
      '2026-11-21T03:20:01.000Z',
    );
    // The refused private address is no indicator.
    expect(JSON.stringify(bundle)).not.toContain('10.1.2.3/32');
    const sighting = bundle.objects?.find((o) => o.type === 'sighting' && o.sighting_of_ref === v4?.id);
    expect(sighting).toMatchObject({
      count: 3,
      first_seen: '2026-11-20T03:18:00.000Z',
      last_seen: '2026-11-20T03:19:10.000Z',
    });
    const technique = bundle.objects?.find((o) => o.type === 'attack-pattern');
    expect(technique?.external_references).toEqual([
      {
        source_name: 'mitre-attack',
        external_id: 'T1110.004',
        url: 'https://attack.mitre.org/techniques/T1110/004/',
      },
    ]);
    expect(
      bundle.objects?.some(
        (o) =>
          o.type === 'relationship' &&
          o.source_ref === v4?.id &&
          o.relationship_type === 'indicates' &&
          o.target_ref === technique?.id,
      ),
    ).toBe(true);
    // A user agent with a quote is escaped inside the STIX pattern.
    expect(
      byPattern[
        "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'python-requests/2.31 \\'x\\'']"
      ],
    ).toBeDefined();
  });

  it('anonymized: no user name, internal host or internal address anywhere', () => {
    const full = JSON.stringify(iocBundle(input()).bundle);
    expect(full).toContain('dave');
    const text = JSON.stringify(iocBundle(input({ anonymize: true })).bundle);
    for (const secret of ['dave', 'erin', 'WORKSTATION5', '10.1.2.3']) expect(text).not.toContain(secret);
    expect(text).toContain('python-requests/2.31'); // the agent that names nobody stays
  });

  it('is identical when exported twice, and its ids are UUIDv5', () => {
    const once = JSON.stringify(iocBundle(input()).bundle);
    expect(JSON.stringify(iocBundle(input()).bundle)).toBe(once);
    for (const id of once.match(
      /"(?:indicator|sighting|relationship|identity|attack-pattern|bundle)--[0-9a-f-]{36}"/g,
    ) ?? [])
      expect(id).toMatch(/--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/);
    // The RFC's own example: the DNS name www.example.com in the DNS namespace.
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('is an empty, valid bundle with a reason when nothing was blocked', () => {
    const result = iocBundle(input({ timeline: timeline.filter((e) => e.action !== 'waf-sync') }));
    expect(result.indicators).toBe(0);
    expect(result.bundle.objects).toBeUndefined();
    expect(validate(result.bundle)).toEqual([]);
    expect(result.empty).toBe(
      'nothing to share: riposte blocked no public address for INC-20261120-94be0320',
    );
  });

  it('as CSV: one row per indicator with its window and count', () => {
    const csv = toCsv(iocBundle(input()), 'green').split('\r\n');
    expect(csv[0]).toBe('type,value,valid_from,valid_until,count,first_seen,last_seen,techniques,tlp');
    expect(csv).toContain(
      'ipv4-addr,198.51.100.23/32,2026-11-20T03:20:01.000Z,2026-11-21T03:20:01.000Z,3,2026-11-20T03:18:00.000Z,2026-11-20T03:19:10.000Z,T1110.004,TLP:GREEN',
    );
  });
});
