import type { z } from 'zod';

/** Bad input: Step Functions sees the error name `InvalidInput` and a message naming the field. */
export class InvalidInputError extends Error {
  override name = 'InvalidInput';
}

/** Validate with a zod schema; the first problem becomes an InvalidInput naming its field path. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, at = ''): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const field = `${at}${path}`.replace(/^\./, '');
  throw new InvalidInputError(`${field || '(input)'}: ${issue?.message ?? 'invalid'}`);
}
