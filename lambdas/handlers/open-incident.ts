import { openIncident } from '../actions/open-incident.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'open-incident',
  input: IncidentAlertInput,
  run: openIncident,
});

export const handler = lambdaEntry(definition);
