import './polyfill.ts';
import { randomUUID } from 'node:crypto';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Context } from 'aws-lambda';
import { ExecutionError, type RunOptions, StateMachine } from 'aws-local-stepfunctions';

type JsonValue = Parameters<
  NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string]
>[0];

import { LocalAlarmStates } from '../../lambdas/adapters/alarms/local.ts';
import type { TaskAnswers } from '../../lambdas/adapters/approvals/port.ts';
import { LocalLogArchive } from '../../lambdas/adapters/archive/local.ts';
import { LocalDetectionBus } from '../../lambdas/adapters/events/local.ts';
import { LocalEvidenceStore } from '../../lambdas/adapters/evidence/local.ts';
import { seedSession } from '../../lambdas/adapters/identity/app-sessions.ts';
import { LocalUserPool } from '../../lambdas/adapters/identity/cognito-local.ts';
import { LocalLogSource } from '../../lambdas/adapters/logs/local.ts';
import { LocalResponseMetrics } from '../../lambdas/adapters/metrics/local.ts';
import { NamedError } from '../../lambdas/adapters/named-error.ts';
import { LocalNoticeSender } from '../../lambdas/adapters/notices/local.ts';
import { LocalTopic } from '../../lambdas/adapters/pager/local.ts';
import { LocalParameterStore } from '../../lambdas/adapters/parameters/local.ts';
import { LocalChangeQueue } from '../../lambdas/adapters/queue/local.ts';
import { LocalScheduler } from '../../lambdas/adapters/scheduler/local.ts';
import { LocalSecrets } from '../../lambdas/adapters/secrets/local.ts';
import { LocalManifestSigner } from '../../lambdas/adapters/signer/local.ts';
import type { PlaybookStarter } from '../../lambdas/adapters/starter/port.ts';
import { readStateFile } from '../../lambdas/adapters/state-file.ts';
import { LocalWaf } from '../../lambdas/adapters/waf/local.ts';
import { LocalWafRuleGroups } from '../../lambdas/adapters/waf-rules/local.ts';
import { addHours, type Clock, systemClock } from '../../lambdas/core/clock.ts';
import { parseConfig, type RiposteConfig } from '../../lambdas/core/config.ts';
import { HANDLERS } from '../../lambdas/handlers/index.ts';
import type { BoundHandler } from '../../lambdas/platform/define-handler.ts';
import { type Deps, ENV } from '../../lambdas/platform/deps.ts';
import { HANDLER_METADATA, PLAYBOOK_METADATA } from '../names.ts';
import { type AslDefinition, allStates, assertLocallyExecutable } from './asl.ts';
import { resolveTokens, resourcesOfType, type Template } from './cloudformation.ts';
import { createTables, type LocalDynamo, startDynamo } from './dynamo.ts';
import { type LocalAdapters, localDeps } from './local-deps.ts';
import { ProviderFaults } from './provider-faults.ts';
import { checkOwnership, type StatePaths, statePaths } from './state-dir.ts';
import { acquireState } from './state-lock.ts';
import { cachedTemplate, type SynthCacheEntry } from './synth-cache.ts';
import { type Usage, UsageMeter, usageBetween } from './usage.ts';
import { VirtualTimer } from './virtual-timer.ts';

export type { LocalAdapters };
export { VirtualTimer };

export interface ExecutionRecord {
  playbook: string;
  name: string;
  status: 'SUCCEEDED' | 'FAILED';
  startedAt: string;
  error?: string;
  cause?: string;
  output?: unknown;
  incidentId?: string;
  /** States entered and retries, from the execution's event log (kept in memory, not in executions.json). */
  history?: { type: string; state?: string }[];
  /** What this execution would use on AWS (its own steps; queue deliveries it triggered included). */
  usage?: Usage;
}

export interface RuntimeOptions {
  /** State folder (default .riposte). */
  stateDir: string;
  config: RiposteConfig;
  clock?: Clock;
  /**
   * The command only reads: it never creates the state folder, and on a folder it may not write it reads a
   * private copy (nothing it would record is kept).
   */
  readOnly?: boolean;
  /** Keep DynamoDB in memory (benchmarks, tests); the other local stand-ins still use the state folder. */
  inMemory?: boolean;
}

interface LocalFunction {
  logicalId: string;
  handler: string;
  env: Record<string, string>;
  memoryMb: number;
}

/**
 * Runs riposte in process: the synthesized state machines on aws-local-stepfunctions, each Task mapped to
 * the real handler of the Lambda its ARN names, with local adapters in place of AWS services.
 */
export class LocalRuntime implements PlaybookStarter, TaskAnswers {
  readonly executions = new Map<string, ExecutionRecord>();
  private readonly bound = new Map<string, BoundHandler<unknown>>();
  private readonly machines = new Map<string, { definition: AslDefinition; machine: StateMachine }>();
  private queueFlush: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  /**
   * How local approvals are answered; every request and its answer is kept in `approvals`. 'ask' leaves the
   * execution waiting until `answer` (deps.taskAnswers, as SendTaskSuccess/Failure on AWS) is called.
   */
  approvalPolicy: 'approve' | 'deny' | 'timeout' | 'ask' = 'deny';
  /** Task tokens waiting for an answer under the 'ask' policy. */
  readonly waiting = new Map<
    string,
    { request: unknown; resolve: (output: unknown) => void; reject: (error: Error) => void }
  >();
  /** Who the local policy answers for (`notices --approve --by NAME`); recorded with each answer. */
  approver?: string;
  readonly approvals: { token: string; decision: 'approve' | 'deny' | 'timeout' }[] = [];
  /** Queue batches that failed every receive: what would sit in the dead-letter queue on AWS. */
  readonly deadLetters: { function: string; messages: number; error: string }[] = [];

  private constructor(
    readonly template: Template,
    readonly deps: Deps,
    readonly adapters: LocalAdapters,
    readonly paths: StatePaths,
    private readonly dynamo: LocalDynamo,
    private readonly functions: Map<string, LocalFunction>,
    private readonly queueTarget: QueueSubscription,
    private readonly synthCache: SynthCacheEntry,
    /** What the run would use on AWS, counted from what happened (lib/local/usage.ts). */
    readonly usage: UsageMeter,
  ) {}

  /** Lets the state folder go (the lock taken in start). */
  private releaseState: () => void = () => {};

  /** Start on a state folder, holding it for this process until close (a second process is refused). */
  static async start(options: RuntimeOptions): Promise<LocalRuntime> {
    if (options.readOnly) {
      if (!existsSync(options.stateDir))
        throw new NamedError(
          'NoStateFolder',
          `there is no state folder ${options.stateDir}: nothing has run there yet (run \`riposte simulate\` first, or give --state the folder you used)`,
        );
      if (!isWritable(options.stateDir)) {
        // A folder this user may only read: work on a private copy, which goes away on close.
        const copy = mkdtempSync(path.join(tmpdir(), 'riposte-read-only-'));
        cpSync(options.stateDir, copy, { recursive: true });
        const runtime = await LocalRuntime.open({ ...options, stateDir: copy });
        runtime.releaseState = () => rmSync(copy, { recursive: true, force: true });
        return runtime;
      }
    }
    const release = acquireState(options.stateDir);
    try {
      checkOwnership(options.stateDir);
      const runtime = await LocalRuntime.open(options);
      runtime.releaseState = release;
      return runtime;
    } catch (error) {
      release();
      throw error;
    }
  }

  private static async open(options: RuntimeOptions): Promise<LocalRuntime> {
    const { template, entry } = await cachedTemplate(options.config);
    const paths = statePaths(options.stateDir);
    mkdirSync(paths.root, { recursive: true });

    const functions = new Map<string, LocalFunction>();
    for (const { logicalId, properties, metadata } of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const handler = metadata[HANDLER_METADATA];
      if (typeof handler !== 'string') continue;
      const env = resolveTokens(
        (properties.Environment as { Variables?: unknown })?.Variables ?? {},
        template,
      );
      functions.set(logicalId, {
        logicalId,
        handler,
        env: env as Record<string, string>,
        memoryMb: Number(properties.MemorySize ?? 128),
      });
    }
    const env = Object.assign({}, ...[...functions.values()].map((f) => f.env)) as Record<string, string>;
    const clock = options.clock ?? systemClock;
    const timer = new VirtualTimer();
    const config = parseConfig(env[ENV.config] ?? '{}', ENV.config);
    const adapters: LocalAdapters = {
      // WAF's write throttle holds on riposte's virtual clock: waiting for the budget costs no real time.
      waf: new LocalWaf({ file: paths.waf, writesPerSecond: config.waf.writesPerSecond, now: timer.now }),
      changes: new LocalChangeQueue(),
      userPool: new LocalUserPool({ file: paths.identity, now: clock }),
      topic: new LocalTopic({ file: paths.pages, now: clock }),
      evidence: new LocalEvidenceStore({
        root: paths.evidence,
        now: clock,
        retentionDays: config.evidence.retentionDays,
        lockMode: config.evidence.lockMode,
      }),
      signer: new LocalManifestSigner(paths.signingKey),
      archive: new LocalLogArchive(paths.logArchive),
      logs: new LocalLogSource({ file: paths.logs }),
      detections: new LocalDetectionBus((event) => runtime.deliver(event)),
      ruleGroups: new LocalWafRuleGroups(paths.wafRuleGroups),
      parameters: new LocalParameterStore(paths.parameters),
      scheduler: new LocalScheduler(paths.schedules),
      responseMetrics: new LocalResponseMetrics(),
      secrets: new LocalSecrets(path.join(paths.root, 'secrets.json')),
      faults: new ProviderFaults(),
      iamFile: path.join(paths.root, 'iam.json'),
      alarms: new LocalAlarmStates(paths.alarms),
      cognitoRiskFile: paths.cognitoRisk,
      notices: new LocalNoticeSender(
        paths.notices,
        config.notices.from,
        clock,
        config.notices.channel === 'ses',
      ),
    };
    const executions = readStateFile<ExecutionRecord[]>(
      paths.executions,
      'the local Step Functions executions',
      'array',
    );
    // Started once the state files have been read: a damaged one fails before a server holds the process open.
    const dynamo = await startDynamo(options.inMemory ? undefined : paths.dynamodb);
    await createTables(dynamo.client, template).catch(async (error) => {
      await dynamo.close();
      throw error;
    });
    const usage = new UsageMeter();
    for (const key of Object.keys(adapters) as (keyof LocalAdapters)[]) {
      const adapter = adapters[key];
      if (adapter && typeof adapter === 'object')
        Object.assign(adapters, { [key]: usage.meter(key, adapter) });
    }
    usage.meterDynamo(dynamo.client);
    const runtime = new LocalRuntime(
      template,
      localDeps(env, adapters, dynamo, clock, timer, () => runtime),
      adapters,
      paths,
      dynamo,
      functions,
      queueSubscription(template),
      entry,
      usage,
    );
    for (const [logicalId, props] of resourcesOfType(template, 'AWS::WAFv2::IPSet').map(
      (r) => [r.logicalId, r.properties] as const,
    )) {
      adapters.waf.createIpSet(
        String(props.Name),
        props.IPAddressVersion === 'IPV6' ? 6 : 4,
        props.Scope as 'REGIONAL',
        logicalId,
      );
    }
    for (const { logicalId, properties } of resourcesOfType(template, 'AWS::WAFv2::RuleGroup')) {
      adapters.ruleGroups.create(
        { name: String(properties.Name), id: logicalId, scope: properties.Scope as 'REGIONAL' },
        (properties.Rules ?? []) as never,
        properties.VisibilityConfig as never,
      );
    }
    for (const record of executions ?? []) runtime.executions.set(record.name, record);
    return runtime;
  }

  /** Every address live in the local WAF IP sets, both families. */
  liveAddresses(): string[] {
    return [...this.deps.ipSets[4], ...this.deps.ipSets[6]]
      .flatMap((ref) => this.adapters.waf.addresses(ref))
      .sort();
  }

  /** Playbook ids the template deploys. */
  get playbooks(): string[] {
    return resourcesOfType(this.template, 'AWS::StepFunctions::StateMachine').map((m) =>
      String(m.metadata[PLAYBOOK_METADATA]),
    );
  }

  /** Invoke the function that runs this handler, as its Lambda would be invoked (benchmarks, tests, CLI). */
  invokeHandler(handler: string, event: unknown): Promise<unknown> {
    return this.invoke(this.functionFor(handler), event);
  }

  /** Deliver one EventBridge event as the alert rules would: to the start-playbook function. */
  async deliver(event: unknown): Promise<{ started: Record<string, unknown>[] }> {
    return (await this.invoke(this.functionFor('start-playbook'), event)) as {
      started: Record<string, unknown>[];
    };
  }

  /** StartExecution, locally: refuses a name already used (as Step Functions does for 90 days) and runs to the end. */
  async start(playbook: string, executionName: string, input: unknown) {
    const executionId = `arn:aws:states:local:000000000000:execution:riposte-${playbook}:${executionName}`;
    if (this.executions.has(executionName)) return { executionId, duplicate: true };
    await this.run(playbook, executionName, input);
    return { executionId, duplicate: false };
  }

  /** Run a playbook's synthesized state machine to completion; failures are recorded, not thrown. */
  async run(playbook: string, executionName: string, input: unknown): Promise<ExecutionRecord> {
    const { definition, machine } = this.machine(playbook);
    const before = this.usage.snapshot();
    const record: ExecutionRecord = {
      playbook,
      name: executionName,
      status: 'SUCCEEDED',
      startedAt: this.deps.clock().toISOString(),
    };
    this.executions.set(executionName, record);
    const taskResourceLocalHandlers: NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers'] = {};
    const taskToken = `local-token-${executionName}`;
    let waits = 0;
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [name, state] of allStates(definition)) {
      if (state.Retry) retryIntervalOverrides[name] = 0;
      if (state.Type !== 'Task' || !state.Resource) continue;
      if (state.Resource.endsWith('.waitForTaskToken')) {
        const fn = this.functionByArn(String((state.Parameters as { FunctionName?: string })?.FunctionName));
        taskResourceLocalHandlers[name] = async (taskInput) => {
          // A token per wait, as Step Functions issues: two approvals in one execution stay apart.
          waits++;
          const token = waits === 1 ? taskToken : `${taskToken}-${waits}`;
          const payload = (taskInput as { Payload?: Record<string, unknown> }).Payload;
          await this.invoke(fn, { ...payload, taskToken: token });
          return this.decide(token, payload) as Promise<JsonValue>;
        };
        continue;
      }
      const fn = this.functionByArn(state.Resource);
      taskResourceLocalHandlers[name] = async (taskInput) => {
        const result = await this.invoke(fn, taskInput);
        await this.drainQueue();
        return result as JsonValue;
      };
    }
    try {
      const execution = machine.run(input as never, {
        overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
        context: {
          Task: { Token: taskToken },
          Execution: {
            Id: `local:${executionName}`,
            Name: executionName,
            Input: input as never,
            StartTime: record.startedAt,
          },
          StateMachine: { Id: `riposte-${playbook}`, Name: `riposte-${playbook}` },
        },
      });
      const history: { type: string; state?: string }[] = [];
      record.history = history;
      const logged = (async () => {
        for await (const event of execution.eventLogs) {
          if (event.type === 'StateEntered' || event.type === 'StateRetried')
            history.push({ type: event.type, state: (event as { state?: { name?: string } }).state?.name });
        }
      })();
      record.output = await execution.result.finally(() => logged);
      record.incidentId = (record.output as { incidentId?: string } | null)?.incidentId;
    } catch (error) {
      const cause = error instanceof ExecutionError ? (error.cause as Error) : (error as Error);
      record.status = 'FAILED';
      record.error = cause?.name ?? 'Error';
      record.cause = cause?.message ?? String(error);
    }
    // Step Functions bills every state entered, and every retry, as a state transition.
    this.usage.execution(record.history?.length ?? 0);
    record.usage = usageBetween(before, this.usage.snapshot());
    this.saveExecutions();
    return record;
  }

  /**
   * Answer a task-token wait (an approval) the way `riposte approve|deny` would on AWS: locally, by the
   * runtime's approval policy, so a simulation never hangs. Deny is the default: it blocks nothing.
   */
  private async decide(token: string, request: unknown): Promise<unknown> {
    if (this.approvalPolicy === 'ask')
      return new Promise((resolve, reject) => this.waiting.set(token, { request, resolve, reject }));
    this.approvals.push({ token, decision: this.approvalPolicy });
    // Nobody answers: the wait ends as Step Functions ends it when the task timeout passes.
    if (this.approvalPolicy === 'timeout')
      throw new NamedError('States.Timeout', 'no answer before the task timeout');
    await this.deps.incidents.recordApprovalAnswer(token, {
      at: this.deps.clock().toISOString(),
      actor: this.approver ? `human/${this.approver}` : 'local approval policy',
      action: this.approvalPolicy,
      outcome: 'ok',
      detail: `${this.approvalPolicy === 'approve' ? 'approved' : 'denied'} by ${this.approver ?? 'the local approval policy'}`,
    });
    if (this.approvalPolicy === 'approve')
      return { approved: true, by: this.approver ?? 'local approval policy' };
    throw new NamedError(
      'ApprovalDenied',
      'denied by the local approval policy (simulate --approvals approve to approve)',
    );
  }

  /** Answer a waiting approval (the 'ask' policy), as SendTaskSuccess / SendTaskFailure(ApprovalDenied) would. */
  async answer(taskToken: string, approve: boolean, by: string, reason: string): Promise<void> {
    const wait = this.waiting.get(taskToken);
    if (!wait)
      throw new NamedError(
        'TaskTimedOut',
        'no execution of this runtime waits on that token: it was answered already, or, outside the console, approvals are answered by the approval policy while the run is in progress (simulate --approvals)',
      );
    this.waiting.delete(taskToken);
    this.approvals.push({ token: taskToken, decision: approve ? 'approve' : 'deny' });
    if (approve) wait.resolve({ approved: true, by, reason });
    else wait.reject(new NamedError('ApprovalDenied', `denied by ${by}: ${reason}`));
  }

  /** Make an account exist in the local identity stores: the Cognito stand-in and the app-session table. */
  async seedUser(user: {
    name: string;
    sessions: number;
    enabled: boolean;
    groups?: string[];
  }): Promise<void> {
    const now = this.deps.clock();
    this.adapters.userPool.seed(user.name, {
      enabled: user.enabled,
      refreshTokens: user.sessions,
      ...(user.groups ? { groups: user.groups } : {}),
    });
    const table = this.functionFor('contain-accounts').env[ENV.appSessionsTable];
    if (!table) return;
    for (let s = 1; s <= user.sessions; s++) {
      await seedSession(this.dynamo.doc, table, {
        userId: user.name,
        sessionId: `session-${s}`,
        createdAt: now.toISOString(),
        expiresAt: addHours(now, 12).toISOString(),
      });
    }
  }

  async close(): Promise<void> {
    // A failed execution does not cancel its other parallel branches: let them finish before the
    // database goes away under them.
    await Promise.allSettled([...this.inFlight]);
    await this.queueFlush;
    try {
      this.saveExecutions();
      await this.dynamo.close();
    } finally {
      this.releaseState();
    }
  }

  private machine(playbook: string) {
    const cached = this.machines.get(playbook);
    if (cached) return cached;
    const resource = resourcesOfType(this.template, 'AWS::StepFunctions::StateMachine').find(
      (m) => m.metadata[PLAYBOOK_METADATA] === playbook,
    );
    if (!resource)
      throw new Error(`no state machine for playbook "${playbook}"; known: ${this.playbooks.join(', ')}`);
    const definition = JSON.parse(
      String(resolveTokens(resource.properties.DefinitionString, this.template)),
    ) as AslDefinition;
    assertLocallyExecutable(definition, `playbook ${playbook}`);
    // Validating a definition is slow (100–400 ms): once per playbook and template, then from the cache.
    const validated = JSON.stringify(this.synthCache.readMachine(playbook)) === JSON.stringify(definition);
    const entry = {
      definition,
      machine: new StateMachine(definition as never, {
        validationOptions: validated ? { noValidate: true } : { checkArn: true, checkPaths: true },
      }),
    };
    if (!validated) this.synthCache.writeMachine(playbook, definition);
    this.machines.set(playbook, entry);
    return entry;
  }

  private functionByArn(arn: string): LocalFunction {
    const logicalId = arn.split(':').pop() ?? '';
    const fn = this.functions.get(logicalId);
    if (!fn) throw new Error(`Task resource ${arn} names no riposte function in the template`);
    return fn;
  }

  private functionFor(handler: string): LocalFunction {
    const fn = [...this.functions.values()].find((f) => f.handler === handler);
    if (!fn) throw new Error(`the template has no function running ${handler}`);
    return fn;
  }

  private async invoke(fn: LocalFunction, event: unknown): Promise<unknown> {
    let bound = this.bound.get(fn.logicalId);
    if (!bound) {
      const definition = HANDLERS[fn.handler];
      if (!definition) throw new Error(`no handler named ${fn.handler} (function ${fn.logicalId})`);
      bound = definition.bind(this.deps);
      this.bound.set(fn.logicalId, bound);
    }
    const began = performance.now();
    const running = bound(structuredClone(event), lambdaContext(fn));
    const billed = () => this.usage.lambda(performance.now() - began, fn.memoryMb);
    running.then(billed, billed);
    this.inFlight.add(running);
    running.then(
      () => this.inFlight.delete(running),
      () => this.inFlight.delete(running),
    );
    return running;
  }

  /**
   * The writer's SQS event source, locally: queued changes go to the writer in batches of the mapping's
   * size; a failing batch is received again, up to the queue's maxReceiveCount, then dead-lettered.
   */
  drainQueue(): Promise<void> {
    this.queueFlush = this.queueFlush.then(async () => {
      const { functionId, batchSize, maxReceiveCount } = this.queueTarget;
      const fn = this.functions.get(functionId);
      if (!fn) return;
      while (this.adapters.changes.depth > 0) {
        const batch = this.adapters.changes.take(batchSize);
        const event = {
          Records: batch.map((m) => ({ messageId: m.messageId, body: m.body, eventSource: 'aws:sqs' })),
        };
        for (let receive = 1; ; receive++) {
          try {
            this.usage.delivered();
            await this.invoke(fn, event);
            break;
          } catch (error) {
            if (receive >= maxReceiveCount) {
              this.deadLetters.push({
                function: fn.handler,
                messages: batch.length,
                error: `${(error as Error).name}: ${(error as Error).message}`,
              });
              break;
            }
          }
        }
      }
    });
    return this.queueFlush;
  }

  private saveExecutions() {
    const tmp = `${this.paths.executions}.tmp`;
    // Names and outcomes are what dedupe needs; outputs stay in memory (they can be large).
    writeFileSync(
      tmp,
      JSON.stringify(
        [...this.executions.values()].map(({ output: _output, history: _history, ...rest }) => rest),
      ),
    );
    renameSync(tmp, this.paths.executions);
  }
}

interface QueueSubscription {
  functionId: string;
  batchSize: number;
  maxReceiveCount: number;
}

/** The writer's queue subscription, from the template's SQS event source mapping and the queue's redrive policy. */
function queueSubscription(template: Template): QueueSubscription {
  for (const { properties } of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    const source = (properties.EventSourceArn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    const queue = source && template.Resources[source[0]];
    if (queue?.Type !== 'AWS::SQS::Queue') continue;
    const redrive = queue.Properties?.RedrivePolicy as { maxReceiveCount?: number } | undefined;
    return {
      functionId: String((properties.FunctionName as { Ref?: string }).Ref),
      batchSize: Number(properties.BatchSize ?? 10),
      maxReceiveCount: redrive?.maxReceiveCount ?? 1,
    };
  }
  throw new Error('the template has no SQS event source mapping for the WAF writer');
}

function isWritable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function lambdaContext(fn: LocalFunction): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${fn.logicalId}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
