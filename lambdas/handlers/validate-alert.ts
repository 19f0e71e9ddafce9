import { z } from 'zod';
import { executionNameFor, incidentOf, normalizeEvent } from '../core/alerts.ts';
import { InvalidInputError } from '../core/validate.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/** First state of every playbook: accept an EventBridge event or a console input, reject bad input by field. */
export const definition = defineHandler({
  name: 'validate-alert',
  input: z.unknown(),
  run: async (event) => {
    const routed = normalizeEvent(event);
    const actionable = routed.flatMap((r) => ('alert' in r ? [r.alert] : []));
    const [alert] = actionable;
    if (!alert) {
      throw new InvalidInputError(
        `no actionable alert: ${routed.map((r) => ('ignored' in r ? r.ignored : '')).join('; ')}`,
      );
    }
    if (actionable.length > 1) {
      throw new InvalidInputError(
        'detail.findings: one playbook execution takes one finding; start one per finding',
      );
    }
    return { incidentId: incidentOf(alert), executionName: executionNameFor(alert), alert };
  },
});

export const handler = lambdaEntry(definition);
