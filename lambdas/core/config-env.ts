import { parseConfig, type RiposteConfig } from './config.ts';

/**
 * The configuration as Lambdas receive it (RIPOSTE_CONFIG): only what differs from the defaults, because
 * Lambda environments hold 4 KB in all and every default is applied again when a Lambda parses it.
 * `parseConfig(configForEnvironment(c))` equals `c`.
 */
export function configForEnvironment(config: RiposteConfig): string {
  return JSON.stringify(difference(config, parseConfig({})) ?? {});
}

function difference(value: unknown, fallback: unknown): unknown {
  if (isPlainObject(value)) {
    const base = isPlainObject(fallback) ? fallback : {};
    const kept = Object.entries(value).flatMap(([key, v]) => {
      const d = difference(v, base[key]);
      return d === undefined ? [] : [[key, d] as const];
    });
    if (kept.length > 0) return Object.fromEntries(kept);
    // An empty map where the default has entries still means "none".
    return Object.keys(value).length === 0 && Object.keys(base).length > 0 ? {} : undefined;
  }
  return JSON.stringify(value) === JSON.stringify(fallback) ? undefined : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
