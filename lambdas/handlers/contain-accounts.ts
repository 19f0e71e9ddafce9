import { z } from 'zod';
import { containAccounts } from '../actions/contain-accounts.ts';
import { CONTAIN_ACTIONS } from '../core/containment.ts';
import { IDENTITY_PROVIDERS } from '../core/identity-config.ts';
import { BranchResultSchema, IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const ContainInputSchema = IncidentAlertInput.extend({
  users: z.array(z.string().min(1).max(256)).max(1_000).optional(),
  actions: z.array(z.enum(CONTAIN_ACTIONS)).max(3).optional(),
  providers: z.array(z.enum(IDENTITY_PROVIDERS)).max(6).optional(),
  decision: z.enum(['approved', 'denied', 'timed-out']).optional(),
  previous: BranchResultSchema.optional(),
});

export const definition = defineHandler({
  name: 'contain-accounts',
  input: ContainInputSchema,
  // The approval path calls the step again for the held accounts: that is a different invocation.
  idempotencyKey: '[incidentId, alert.alertId, users, actions, providers, decision]',
  run: containAccounts,
});

export const handler = lambdaEntry(definition);
