import { z } from 'zod';
import { correlateAlert } from '../actions/correlate-alert.ts';
import { executionNameFor, incidentOf, normalizeEvent } from '../core/alerts.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/**
 * EventBridge target: normalize the alert, join it to its campaign's incident, and start its playbook under a
 * name derived from the incident (and the alert when it joins), so a re-delivered event starts nothing twice
 * (execution names are unique for 90 days).
 */
export const definition = defineHandler({
  name: 'start-playbook',
  input: z.unknown(),
  run: async (event, deps) => {
    const started = [];
    for (const routed of normalizeEvent(event)) {
      if ('ignored' in routed) {
        deps.logger.info('alert ignored', { reason: routed.ignored });
        started.push({ ignored: routed.ignored });
        continue;
      }
      const alert = await correlateAlert(routed.alert, deps);
      const executionName = executionNameFor(alert);
      const { executionId, duplicate } = await deps.starter.start(alert.playbook, executionName, alert);
      started.push({
        playbook: alert.playbook,
        incidentId: incidentOf(alert),
        executionName,
        executionId,
        duplicate,
      });
    }
    return { started };
  },
});

export const handler = lambdaEntry(definition);
