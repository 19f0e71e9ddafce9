import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { parseInput } from '../core/validate.ts';
import type { Deps } from './deps.ts';

export interface HandlerSpec<S extends z.ZodType, R> {
  /** The Lambda's name in riposte: its file name under lambdas/handlers and the key prefix of its idempotency records. */
  name: string;
  input: S;
  /**
   * JMESPath over the input selecting what makes two invocations "the same" (Powertools idempotency):
   * a re-delivered step returns the first result and changes nothing twice.
   */
  idempotencyKey?: string;
  run: (input: z.output<S>, deps: Deps) => Promise<R>;
}

export type BoundHandler<R> = (event: unknown, context: Context) => Promise<R>;

export interface RiposteHandler<R> {
  name: string;
  /** Wire the handler to a set of dependencies (AWS in Lambda, local adapters in the local runtime). */
  bind(deps: Deps): BoundHandler<R>;
}

/** Parse and validate, run the action, return: every handler is this sentence. */
export function defineHandler<S extends z.ZodType, R>(spec: HandlerSpec<S, R>): RiposteHandler<R> {
  return {
    name: spec.name,
    bind(deps) {
      const run = async (event: unknown, context: Context): Promise<R> => {
        deps.logger.addContext(context);
        const input = parseInput(spec.input, event);
        const result = await spec.run(input, deps);
        deps.logger.info(`${spec.name} done`, { result: result as Record<string, unknown> });
        return result;
      };
      if (!spec.idempotencyKey) return run;
      return makeIdempotent(run, {
        persistenceStore: deps.idempotency(),
        keyPrefix: spec.name,
        config: new IdempotencyConfig({
          eventKeyJmesPath: spec.idempotencyKey,
          throwOnNoIdempotencyKey: true,
          expiresAfterSeconds: 7 * 24 * 3600,
        }),
      }) as BoundHandler<R>;
    },
  };
}

/** The Lambda entry point: bound once per container to the AWS dependencies, loaded only in Lambda. */
export function lambdaEntry<R>(
  definition: RiposteHandler<R>,
): (event: unknown, context: Context) => Promise<R> {
  let bound: Promise<BoundHandler<R>> | undefined;
  return async (event, context) => {
    bound ??= import('./aws.ts').then(({ awsDeps }) => definition.bind(awsDeps()));
    return (await bound)(event, context);
  };
}
