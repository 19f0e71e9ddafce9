// One credential-stuffing campaign that grows: 200 alerts through the local runtime, as `riposte simulate`
// runs them, each sharing an account with the campaign and bringing a new source and a newly compromised
// account, so each joins the first alert's incident (ADR 0010) and seals its own evidence generation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkEvidence } from '../lib/cli/evidence.ts';
import { loadConfig } from '../lib/local/config-source.ts';
import { LocalRuntime } from '../lib/local/runtime.ts';
import { percentile, round, table } from './stats.ts';

const ALERTS = 200;
const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-bench-campaign-'));
const config = loadConfig();
// The mass-lockout circuit breaker (identity.breaker, 20 resets an hour by default) would rightly refuse
// the 21st automated reset of the run and leave that incident partial; the bench measures containment
// itself, so it raises the cap to the run's number of compromised accounts.
config.identity.breaker = { ...config.identity.breaker, maxChanges: ALERTS };
const runtime = await LocalRuntime.start({ stateDir, config });
const users = Array.from({ length: ALERTS }, (_, i) => `user${i}`);
for (const name of ['shared', ...users]) await runtime.seedUser({ name, sessions: 1, enabled: true });

function alert(i: number) {
  return {
    source: 'riposte.detection',
    'detail-type': 'Identity attack detected',
    detail: {
      id: `campaign-${i}`,
      type: 'credential-stuffing',
      severity: 60 + (i % 40),
      // Ten seconds apart: the whole campaign is well inside the 60-minute correlation window.
      observedAt: new Date(Date.UTC(2026, 10, 20, 3, 0, 0) + i * 10_000).toISOString(),
      sourceIps: [`203.0.${Math.floor(i / 250)}.${(i % 250) + 1}`],
      targetedUsers: ['shared', users[i]],
      compromisedUsers: [users[i]],
    },
  };
}

const joins: number[] = [];
let first = 0;
const incidents = new Set<string>();
const started = performance.now();
for (let i = 0; i < ALERTS; i++) {
  const t0 = performance.now();
  const { started: starts } = await runtime.deliver(alert(i));
  const ms = performance.now() - t0;
  if (i === 0) first = ms;
  else joins.push(ms);
  incidents.add(String(starts[0]?.incidentId));
  if ((i + 1) % 50 === 0) process.stderr.write(`  ${i + 1}/${ALERTS} alerts\n`);
}
const elapsed = (performance.now() - started) / 1000;
const [incidentId] = incidents;
const incident = await runtime.deps.incidents.get(String(incidentId));
process.stderr.write(`  verifying the evidence of ${incidentId}…\n`);
const report = await checkEvidence(
  {
    store: runtime.deps.evidence,
    ledger: runtime.deps.custody,
    trustedPublicKeyPem: () => runtime.deps.signer.publicKeyPem(),
    close: async () => undefined,
  },
  String(incidentId),
);
const timeline = await runtime.deps.incidents.timeline(String(incidentId));
await runtime.close();
rmSync(stateDir, { recursive: true, force: true });

const sorted = [...joins].sort((a, b) => a - b);
const sealed = report.generations.filter((g) => g.manifestSha256 !== undefined && g.signatureOk).length;
const result = {
  bench: 'campaign',
  alerts: ALERTS,
  incidents: incidents.size,
  status: incident?.status ?? 'missing',
  failures: timeline.filter((e) => e.outcome === 'failed').length,
  generationsSealed: sealed,
  evidenceVerified: report.ok,
  firstAlertMs: round(first),
  medianJoinMs: round(percentile(sorted, 50)),
  p95JoinMs: round(percentile(sorted, 95)),
  maxJoinMs: round(sorted.at(-1) ?? 0),
  alertsPerSecond: round(ALERTS / elapsed),
};
process.stdout.write(
  `${table([
    ['alerts', result.alerts],
    ['incidents (1 expected)', result.incidents],
    ['incident status', result.status],
    ['failed timeline entries', result.failures],
    ['evidence generations sealed and signed', `${result.generationsSealed} of ${ALERTS}`],
    ['evidence verifies', result.evidenceVerified ? 'yes' : `no: ${report.findings.length} finding(s)`],
    ['first alert, builds the state machine (ms)', result.firstAlertMs],
    ['median per joining alert (ms)', result.medianJoinMs],
    ['p95 per joining alert (ms)', result.p95JoinMs],
    ['max per joining alert (ms)', result.maxJoinMs],
    ['alerts per second', result.alertsPerSecond],
  ])}\n${JSON.stringify(result)}\n`,
);
