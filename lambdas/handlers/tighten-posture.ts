import { tightenPosture } from '../actions/tighten-posture.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'tighten-posture',
  input: IncidentAlertInput,
  run: tightenPosture,
});

export const handler = lambdaEntry(definition);
