import { z } from 'zod';
import { unblockIps } from '../actions/unblock-ips.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'unblock-ips',
  input: IncidentAlertInput.extend({ dryRun: z.boolean().optional() }),
  run: unblockIps,
});

export const handler = lambdaEntry(definition);
