import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { renderReport } from './report.ts';
import { summarizeIncident } from './summary.ts';

/** An incident's report, freshly rendered from the local state (whatever created the incident). */
export async function localIncidentReport(
  id: string,
  stateDir: string,
  config: RiposteConfig,
  json: boolean,
) {
  const runtime = await LocalRuntime.start({ stateDir, config, readOnly: true });
  try {
    const incident = await runtime.deps.incidents.get(id);
    if (!incident) {
      const known = (await runtime.deps.incidents.list()).map((i) => i.id);
      throw new Error(
        `no incident ${id} in ${stateDir}; known: ${known.slice(-10).join(', ') || 'none yet'}`,
      );
    }
    const execution = [...runtime.executions.values()].find(
      (e) => e.incidentId === id || e.name.endsWith(id),
    );
    const summary = await summarizeIncident(runtime, incident, execution?.name);
    const timeline = await runtime.deps.incidents.timeline(id);
    return json
      ? `${JSON.stringify({ incident, summary, timeline }, null, 2)}\n`
      : renderReport(incident, summary, timeline);
  } finally {
    await runtime.close();
  }
}
