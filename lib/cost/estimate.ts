import type { Usage } from '../local/usage.ts';
import prices from './prices.json' with { type: 'json' };

export interface CostEstimate {
  usd: number;
  region: string;
  pricesRead: string;
  /** Each metered item: quantity × unit price. */
  items: { item: string; quantity: number; unitUsd: number; usd: number }[];
}

/** What a measured usage costs at the prices in lib/cost/prices.json (on-demand, no free tier). */
export function estimateCost(usage: Usage): CostEstimate {
  const items = Object.entries(prices.prices).map(([item, { usd }]) => {
    const [service, field] = item.split('.') as [keyof Usage, string];
    const quantity = (usage[service] as Record<string, number> | undefined)?.[field] ?? 0;
    return { item, quantity, unitUsd: usd, usd: quantity * usd };
  });
  return {
    usd: round(items.reduce((sum, i) => sum + i.usd, 0)),
    region: prices.region,
    pricesRead: prices.read,
    items: items.filter((i) => i.quantity > 0).map((i) => ({ ...i, usd: round(i.usd) })),
  };
}

const round = (usd: number) => Math.round(usd * 1e9) / 1e9;
