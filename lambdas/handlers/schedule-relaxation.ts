import { scheduleRelaxation } from '../actions/schedule-relaxation.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'schedule-relaxation',
  input: IncidentAlertInput,
  run: scheduleRelaxation,
});

export const handler = lambdaEntry(definition);
