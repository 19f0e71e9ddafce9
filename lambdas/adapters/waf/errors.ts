import { NamedError } from '../named-error.ts';

/** AWS WAFv2 error names riposte matches on (`error.name`), as the SDK surfaces them. */
export const WAF_ERROR_NAMES = [
  'WAFOptimisticLockException',
  'WAFLimitsExceededException',
  'WAFInvalidParameterException',
  'WAFNonexistentItemException',
  'WAFInternalErrorException',
  'ThrottlingException',
] as const;

export type WafErrorName = (typeof WAF_ERROR_NAMES)[number];

/** An error shaped like the SDK's: callers match on `name`, never on the class. */
export class WafError extends NamedError {}

export function wafError(name: WafErrorName | (string & {}), message: string): WafError {
  return new WafError(name, message);
}
