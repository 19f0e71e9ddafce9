import { z } from 'zod';
import type { RiposteConfig } from './config.ts';
import { IncidentAlertInput } from './step-inputs.ts';

const isoWindow = z.object({ start: z.string(), end: z.string() });

const evidenceObject = z.object({
  key: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  records: z.number().int().min(0),
  source: z.string(),
  contentType: z.string(),
  window: isoWindow,
});

/**
 * The collect loop's state, carried by the playbook from one invocation to the next: the window fixed by
 * the first one, what is stored so far, and where the log read continues. `done` ends the loop.
 */
export const CollectionSchema = z.object({
  done: z.boolean(),
  /** The alert's evidence generation (its place among the incident's alerts), fixed by the first turn. */
  generation: z.number().int().min(1).optional(),
  window: isoWindow.optional(),
  objects: z.array(evidenceObject).default([]),
  /** Log read position (opaque to the playbook); absent on the first invocation. */
  cursor: z.string().optional(),
  /** How many collect invocations ran so far: it numbers the log parts. */
  invocations: z.number().int().min(0).default(0),
  records: z.number().int().min(0).default(0),
});
export type Collection = z.output<typeof CollectionSchema>;

export const CollectInput = IncidentAlertInput.extend({ collect: CollectionSchema });

/** An alert's evidence generation: 1 for the alert that opened the incident, n for the n-th alert to join. */
export function generationOf(alertIds: readonly string[] | undefined, alertId: string): number {
  const index = alertIds?.indexOf(alertId) ?? -1;
  return index < 0 ? 1 : index + 1;
}

export interface EvidencePolicy {
  windowMinutesBefore: number;
  legalHold: boolean;
}

/** The evidence settings for a playbook's incidents: its own overrides, else the defaults. */
export function evidencePolicy(config: RiposteConfig['evidence'], playbook: string): EvidencePolicy {
  const own = config.playbooks[playbook] ?? {};
  return {
    windowMinutesBefore: own.windowMinutesBefore ?? config.windowMinutesBefore,
    legalHold: own.legalHold ?? config.legalHold,
  };
}
