import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { BlocklistStore } from '../../lambdas/adapters/dynamo/blocklist.ts';
import { IncidentStore } from '../../lambdas/adapters/dynamo/incidents.ts';
import { LocalTopic } from '../../lambdas/adapters/pager/local.ts';
import { LocalChangeQueue, type QueuedMessage } from '../../lambdas/adapters/queue/local.ts';
import { LocalWaf } from '../../lambdas/adapters/waf/local.ts';
import type { IpSetRef, WafIpSets } from '../../lambdas/adapters/waf/port.ts';
import type { BlocklistChange } from '../../lambdas/core/blocklist.ts';
import { parseConfig, type RiposteConfig } from '../../lambdas/core/config.ts';
import type { Deps } from '../../lambdas/platform/deps.ts';
import { WriteBudget } from '../../lambdas/platform/write-budget.ts';
import { createTables, type LocalDynamo } from '../../lib/local/dynamo.ts';

export const T0 = new Date('2026-11-20T03:30:00.000Z');
export const ALLOW_LIST = ['192.0.2.0/24', '2001:db8:100::/48'];

/** Virtual milliseconds that only move when something sleeps: budgets and backoffs cost no real time. */
export class ManualTimer {
  ms = 1_000_000;
  readonly now = () => this.ms;
  readonly sleep = async (ms: number) => {
    this.ms += Math.max(0, ms);
  };
}

export interface World {
  deps: Deps;
  waf: LocalWaf;
  queue: LocalChangeQueue;
  topic: LocalTopic;
  timer: ManualTimer;
  incidents: IncidentStore;
  blocklist: BlocklistStore;
  ipSets: Record<4 | 6, IpSetRef[]>;
  /** Move the clock handlers read (entry timestamps, expiry). */
  setNow(at: Date): void;
  /** Every address in every IP set, both families, sorted. */
  live(): string[];
}

export interface WorldOptions {
  v4Sets?: number;
  v6Sets?: number;
  /** Turn on LocalWaf's write throttle, on the same virtual clock as the write budget. */
  wafWritesPerSecond?: number;
  config?: Partial<RiposteConfig['waf']>;
  /** Stand between the writer and the LocalWaf (fault injection, spying). */
  wrapWaf?: (waf: LocalWaf) => WafIpSets;
}

const KEYS = {
  Incidents: {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
    },
  },
  Blocklist: {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      KeySchema: [{ AttributeName: 'cidr', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'cidr', AttributeType: 'S' }],
    },
  },
};
let worlds = 0;

/** Hand-built Deps for the WAF writer: fresh tables in a shared dynalite, fresh local WAF, queue and topic. */
export async function buildWorld(dynamo: LocalDynamo, options: WorldOptions = {}): Promise<World> {
  const n = ++worlds;
  const names = { incidents: `Incidents${n}`, blocklist: `Blocklist${n}` };
  await createTables(dynamo.client, {
    Resources: { [names.incidents]: KEYS.Incidents, [names.blocklist]: KEYS.Blocklist },
  });
  const v4Sets = options.v4Sets ?? 2;
  const v6Sets = options.v6Sets ?? 1;
  const config = parseConfig({
    allowList: ALLOW_LIST,
    waf: { ipSetsV4: v4Sets, ipSetsV6: v6Sets, ...options.config },
  });
  const timer = new ManualTimer();
  const waf = new LocalWaf({ writesPerSecond: options.wafWritesPerSecond, now: timer.now });
  const ipSets: Record<4 | 6, IpSetRef[]> = {
    4: Array.from({ length: v4Sets }, (_, i) => waf.createIpSet(`riposte-v4-${i}`, 4, 'REGIONAL')),
    6: Array.from({ length: v6Sets }, (_, i) => waf.createIpSet(`riposte-v6-${i}`, 6, 'REGIONAL')),
  };
  let now = T0;
  const clock = () => now;
  const queue = new LocalChangeQueue();
  const topic = new LocalTopic({
    file: path.join(mkdtempSync(path.join(tmpdir(), 'riposte-pages-')), 'pages.jsonl'),
    now: clock,
  });
  const incidents = new IncidentStore(dynamo.doc, names.incidents);
  const blocklist = new BlocklistStore(dynamo.doc, names.blocklist);
  const unused = (name: string): never => {
    throw new Error(`the WAF writer tests do not provide deps.${name}`);
  };
  const deps: Deps = {
    config,
    clock,
    logger: new Logger({ serviceName: 'riposte-test', logLevel: 'SILENT' }),
    idempotency: () => unused('idempotency'),
    incidents,
    blocklist,
    waf: options.wrapWaf ? options.wrapWaf(waf) : waf,
    ipSets,
    wafBudget: new WriteBudget(config.waf.writesPerSecond, timer.now, timer.sleep),
    changes: queue,
    sleep: timer.sleep,
    pager: topic,
    get identityProviders(): never {
      return unused('identityProviders');
    },
    get taskAnswers(): never {
      return unused('taskAnswers');
    },
    get breaker(): never {
      return unused('breaker');
    },
    get evidence(): never {
      return unused('evidence');
    },
    get logs(): never {
      return unused('logs');
    },
    get archive(): never {
      return unused('archive');
    },
    get custody(): never {
      return unused('custody');
    },
    get signer(): never {
      return unused('signer');
    },
    get starter(): never {
      return unused('starter');
    },
    get campaigns(): never {
      return unused('campaigns');
    },
    get detectionState(): never {
      return unused('detectionState');
    },
    get detections(): never {
      return unused('detections');
    },
    get posture(): never {
      return unused('posture');
    },
    get parameters(): never {
      return unused('parameters');
    },
    get postureControls(): never {
      return unused('postureControls');
    },
    get scheduler(): never {
      return unused('scheduler');
    },
    get notices(): never {
      return unused('notices');
    },
    get responseMetrics(): never {
      return unused('responseMetrics');
    },
    get mfa(): never {
      return unused('mfa');
    },
    get alarms(): never {
      return unused('alarms');
    },
  };
  return {
    deps,
    waf,
    queue,
    topic,
    timer,
    incidents,
    blocklist,
    ipSets,
    setNow: (at) => {
      now = at;
    },
    live: () => [...ipSets[4], ...ipSets[6]].flatMap((ref) => waf.addresses(ref)).sort(),
  };
}

/** The changes queued messages carry, as the writer's handler reads them. */
export function changesOf(messages: readonly QueuedMessage[]): BlocklistChange[] {
  return messages.flatMap((m) => (JSON.parse(m.body) as { changes: BlocklistChange[] }).changes);
}
