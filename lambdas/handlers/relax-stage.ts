import { relaxStage } from '../actions/relax-stage.ts';
import { RelaxInputSchema } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'relax-stage',
  input: RelaxInputSchema,
  run: relaxStage,
});

export const handler = lambdaEntry(definition);
