import { z } from 'zod';
import { notifyOwners } from '../actions/notify-owner.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'notify-owner',
  input: IncidentAlertInput.extend({ users: z.array(z.string().min(1)).max(1_000).optional() }),
  idempotencyKey: '[incidentId, alert.alertId, users]',
  run: notifyOwners,
});

export const handler = lambdaEntry(definition);
