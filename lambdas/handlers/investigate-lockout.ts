import { investigateLockout } from '../actions/investigate-lockout.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'investigate-lockout',
  input: IncidentAlertInput,
  idempotencyKey: '[incidentId, alert.alertId]',
  run: investigateLockout,
});

export const handler = lambdaEntry(definition);
