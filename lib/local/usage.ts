import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * What a run would use on AWS, counted from what actually happened in the local runtime: the state machines'
 * event logs, each handler invocation, each DynamoDB request (with the capacity dynalite computes from the
 * item sizes) and each call the handlers make on an AWS port. Nothing here is estimated per playbook.
 */
export interface Usage {
  stepFunctions: { executions: number; stateTransitions: number };
  lambda: { invocations: number; billedMs: number; gbSeconds: number };
  dynamodb: { requests: number; readRequestUnits: number; writeRequestUnits: number };
  s3: { putRequests: number; getRequests: number; listRequests: number; bytesPut: number };
  kms: { signs: number };
  sns: { publishes: number };
  sqs: { requests: number; messages: number };
  waf: { ipSetWrites: number; ruleGroupWrites: number; reads: number };
  scheduler: { schedules: number };
  ssm: { parameterWrites: number };
}

export function emptyUsage(): Usage {
  return {
    stepFunctions: { executions: 0, stateTransitions: 0 },
    lambda: { invocations: 0, billedMs: 0, gbSeconds: 0 },
    dynamodb: { requests: 0, readRequestUnits: 0, writeRequestUnits: 0 },
    s3: { putRequests: 0, getRequests: 0, listRequests: 0, bytesPut: 0 },
    kms: { signs: 0 },
    sns: { publishes: 0 },
    sqs: { requests: 0, messages: 0 },
    waf: { ipSetWrites: 0, ruleGroupWrites: 0, reads: 0 },
    scheduler: { schedules: 0 },
    ssm: { parameterWrites: 0 },
  };
}

/** b − a, field by field (what happened between two snapshots). */
export function usageBetween(a: Usage, b: Usage): Usage {
  return combine(b, a, (x, y) => x - y);
}

export function addUsage(a: Usage, b: Usage): Usage {
  return combine(a, b, (x, y) => x + y);
}

function combine(a: Usage, b: Usage, op: (x: number, y: number) => number): Usage {
  const out = emptyUsage() as unknown as Record<string, Record<string, number>>;
  for (const [service, fields] of Object.entries(out)) {
    for (const field of Object.keys(fields)) {
      const x = (a as unknown as Record<string, Record<string, number>>)[service]?.[field] ?? 0;
      const y = (b as unknown as Record<string, Record<string, number>>)[service]?.[field] ?? 0;
      fields[field] = round(op(x, y));
    }
  }
  return out as unknown as Usage;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Which port call is which AWS request, and what it adds (by the call's arguments or result). */
type Counter = (
  usage: Usage,
  args: unknown[],
  result: unknown,
  depth: { depth?: number; after?: number },
) => void;
const PORT_CALLS: Record<string, Record<string, Counter>> = {
  waf: {
    get: (u) => u.waf.reads++,
    update: (u) => u.waf.ipSetWrites++,
  },
  ruleGroups: {
    get: (u) => u.waf.reads++,
    update: (u) => u.waf.ruleGroupWrites++,
  },
  topic: { publish: (u) => u.sns.publishes++ },
  signer: { sign: (u) => u.kms.signs++ },
  evidence: {
    put: (u, args) => {
      u.s3.putRequests++;
      u.s3.bytesPut += (args[1] as Uint8Array | undefined)?.byteLength ?? 0;
    },
    get: (u) => u.s3.getRequests++,
    list: (u) => u.s3.listRequests++,
    setLegalHold: (u) => u.s3.putRequests++,
  },
  archive: {
    get: (u) => u.s3.getRequests++,
    list: (u) => u.s3.listRequests++,
  },
  scheduler: {
    createOnce: (u, _a, r) => {
      if ((r as { created?: boolean })?.created !== false) u.scheduler.schedules++;
    },
    createReminder: (u, _a, r) => {
      if ((r as { created?: boolean })?.created !== false) u.scheduler.schedules++;
    },
  },
  parameters: { put: (u) => u.ssm.parameterWrites++ },
  // The writer's queue: messages put on it, sent ten a request as the SQS adapter sends them.
  changes: {
    send: (u, _a, _r, depth) => {
      const messages = (depth.after ?? 0) - (depth.depth ?? 0);
      u.sqs.messages += messages;
      u.sqs.requests += Math.ceil(messages / 10);
    },
  },
};

export class UsageMeter {
  readonly total: Usage = emptyUsage();

  snapshot(): Usage {
    return structuredClone(this.total);
  }

  /** Count the port calls of one local adapter; the adapter itself is untouched and still answers. */
  meter<T extends object>(name: string, adapter: T): T {
    const counters = PORT_CALLS[name];
    if (!counters) return adapter;
    return new Proxy(adapter, {
      get: (target, property) => {
        const value = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        const count = typeof property === 'string' ? counters[property] : undefined;
        if (!count) return value.bind(target);
        return (...args: unknown[]) => {
          const depth = {
            depth: (target as { depth?: number }).depth,
            after: undefined as number | undefined,
          };
          const done = (r: unknown) => {
            depth.after = (target as { depth?: number }).depth;
            count(this.total, args, r, depth);
            return r;
          };
          const result = Reflect.apply(value, target, args);
          return result instanceof Promise ? result.then(done) : done(result);
        };
      },
    });
  }

  /** SQS: one batch handed to the writer by the event source mapping (one receive, one delete). */
  delivered(): void {
    this.total.sqs.requests += 2;
  }

  lambda(durationMs: number, memoryMb: number): void {
    // Lambda bills each invocation's duration rounded up to the millisecond, at the configured memory.
    const billed = Math.max(1, Math.ceil(durationMs));
    this.total.lambda.invocations++;
    this.total.lambda.billedMs += billed;
    this.total.lambda.gbSeconds = round(this.total.lambda.gbSeconds + (billed / 1000) * (memoryMb / 1024));
  }

  execution(stateTransitions: number): void {
    this.total.stepFunctions.executions++;
    this.total.stepFunctions.stateTransitions += stateTransitions;
  }

  /**
   * Every DynamoDB request through this client asks for its consumed capacity (dynalite computes it from
   * the item sizes, as DynamoDB does: 4 KB per read unit, 1 KB per write unit) and is counted.
   */
  meterDynamo(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? '');
        if (!ITEM_COMMANDS.has(command)) return next(args);
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        this.total.dynamodb.requests++;
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
          CapacityUnits?: number;
          ReadCapacityUnits?: number;
          WriteCapacityUnits?: number;
        }[]) {
          const reads = c.ReadCapacityUnits ?? 0;
          const writes = c.WriteCapacityUnits ?? 0;
          if (reads || writes) {
            this.total.dynamodb.readRequestUnits += reads;
            this.total.dynamodb.writeRequestUnits += writes;
          } else if (WRITES.has(command)) this.total.dynamodb.writeRequestUnits += c.CapacityUnits ?? 0;
          else this.total.dynamodb.readRequestUnits += c.CapacityUnits ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'riposteUsage' },
    );
  }
}

const ITEM_COMMANDS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
