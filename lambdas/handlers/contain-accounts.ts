import { z } from 'zod';
import { containAccounts } from '../actions/contain-accounts.ts';
import { CONTAINMENT_ACTIONS } from '../core/config.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'contain-accounts',
  input: IncidentAlertInput.extend({
    users: z.array(z.string().min(1)).max(1_000).optional(),
    actions: z.array(z.enum(CONTAINMENT_ACTIONS)).min(1).optional(),
  }),
  idempotencyKey: '[incidentId, alert.alertId, users, actions]',
  run: containAccounts,
});

export const handler = lambdaEntry(definition);
