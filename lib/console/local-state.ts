import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { statePaths } from '../local/state-dir.ts';

/** LevelDB files that change when a database is merely opened or closed, not when data changes. */
const HOUSEKEEPING = /^(LOCK|LOG|LOG\.old|CURRENT|MANIFEST-\d+)$/;

/**
 * The local state folder as the console uses it: opened only while a request or an execution needs it and
 * closed soon after, so `simulate`, `block` or `relax` in another terminal can take their turn; and watched,
 * so the page updates when they changed something.
 */
export class LocalState {
  private runtime?: LocalRuntime;
  private opening?: Promise<LocalRuntime>;
  private closing: Promise<void> = Promise.resolve();
  private holders = 0;
  private idle?: NodeJS.Timeout;
  private baseline = '';
  private readonly listeners = new Set<() => void>();
  private poller?: NodeJS.Timeout;

  constructor(
    readonly stateDir: string,
    private readonly config: RiposteConfig,
    private readonly idleMs = 250,
  ) {}

  /** Start watching the folder (the runtime's template cache makes each open cheap). */
  prepare(): void {
    this.baseline = this.signature();
    this.poller = setInterval(() => this.poll(), 700);
    this.poller.unref();
  }

  /** Call `listener` whenever the state changed (here or in another process). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Run `fn` with the state open; it stays open while any caller or execution holds it. */
  async use<T>(fn: (runtime: LocalRuntime) => Promise<T>): Promise<T> {
    const runtime = await this.acquire();
    try {
      return await fn(runtime);
    } finally {
      this.release();
    }
  }

  /**
   * Start an execution in this process and keep the state open until it ends (it may wait for an
   * approval answered from the console). Resolves once it ended or has run for `settleMs`.
   */
  async start(playbook: string, name: string, input: unknown, settleMs = 1500) {
    const runtime = await this.acquire();
    if (runtime.executions.has(name)) {
      this.release();
      return { execution: name, status: 'DUPLICATE' as const };
    }
    const run = runtime.run(playbook, name, input).finally(() => {
      this.release();
      this.changed();
    });
    this.changed();
    const settled = await Promise.race([run, new Promise((r) => setTimeout(r, settleMs, undefined))]);
    const record = settled as Awaited<typeof run> | undefined;
    return {
      execution: name,
      status: record?.status ?? ('RUNNING' as const),
      ...(record?.incidentId ? { incidentId: record.incidentId } : {}),
      ...(record?.error ? { error: record.error, cause: record.cause } : {}),
    };
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    clearTimeout(this.idle);
    const runtime = this.runtime;
    this.runtime = undefined;
    if (runtime) {
      // Executions still waiting for an answer are left as they are: nothing was decided.
      for (const wait of runtime.waiting.values())
        wait.reject(new Error('the console stopped before this was answered'));
      await runtime.close();
    }
    await this.closing;
  }

  private async acquire(): Promise<LocalRuntime> {
    this.holders++;
    clearTimeout(this.idle);
    if (this.runtime) return this.runtime;
    await this.closing;
    if (this.runtime) return this.runtime;
    this.opening ??= (async () => {
      // Changes made by another process since we last looked are news, even if we open at once.
      if (this.signature() !== this.baseline) queueMicrotask(() => this.changed());
      try {
        const runtime = await LocalRuntime.start({
          stateDir: this.stateDir,
          config: this.config,
        });
        runtime.approvalPolicy = 'ask';
        this.runtime = runtime;
        this.baseline = this.signature();
        return runtime;
      } finally {
        this.opening = undefined;
      }
    })();
    try {
      return await this.opening;
    } catch (error) {
      this.holders--;
      throw new StateBusyError(error as Error);
    }
  }

  private release(): void {
    this.holders--;
    if (this.holders > 0) return;
    this.idle = setTimeout(() => {
      const runtime = this.runtime;
      if (this.holders > 0 || !runtime || runtime.waiting.size > 0) return;
      this.runtime = undefined;
      this.closing = runtime.close().then(() => {
        this.baseline = this.signature();
      });
    }, this.idleMs);
  }

  private poll(): void {
    if (this.opening) return;
    const now = this.signature();
    if (now === this.baseline) return;
    this.baseline = now;
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** What changes when state changes: the folder's files and the database's data files (not its housekeeping). */
  private signature(): string {
    const paths = statePaths(this.stateDir);
    const parts: string[] = [`waiting:${this.runtime?.waiting.size ?? 0}`];
    for (const [dir, skip] of [
      [paths.root, /^dynamodb$/],
      [paths.dynamodb, HOUSEKEEPING],
    ] as const) {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        if (skip.test(name)) continue;
        try {
          const s = statSync(path.join(dir, name));
          parts.push(`${name}:${s.size}:${s.mtimeMs}`);
        } catch {
          // removed while we looked: the next poll sees it
        }
      }
    }
    return parts.join('|');
  }
}

/** The state folder could not be opened: most often another riposte command holds it. */
export class StateBusyError extends Error {
  override name = 'StateBusy';
  constructor(cause: Error) {
    super(
      `the state folder could not be opened (${cause.name}: ${cause.message}); another riposte command may be using it: the console retries when it is free`,
    );
  }
}
