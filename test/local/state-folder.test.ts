import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStateFile } from '../../lambdas/adapters/state-file.ts';
import { simulate } from '../../lib/cli/simulate.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { resetState } from '../../lib/local/state-dir.ts';
import { acquireState, LOCK_FILE, ownedFiles } from '../../lib/local/state-lock.ts';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'riposte-state-'));
const config = loadConfig();
const SCENARIO = path.resolve(import.meta.dirname, '../../scenarios/credential-stuffing.jsonl');

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill();
});

function writeLock(root: string, pid: number) {
  mkdirSync(root, { recursive: true });
  writeFileSync(
    path.join(root, LOCK_FILE),
    JSON.stringify({
      pid,
      host: hostname(),
      command: 'riposte simulate',
      since: '2026-12-07T15:00:00Z',
      before: [],
    }),
  );
}

describe('one process at a time', () => {
  it('refuses a folder another live process holds, naming it', async () => {
    const root = fresh();
    const other = spawn('sleep', ['60']);
    children.push(other);
    writeLock(root, other.pid as number);
    expect(() => acquireState(root)).toThrow(
      new RegExp(
        `in use by \`riposte simulate\` \\(pid ${other.pid} on .*\\); wait for it to finish, or give this run another --state`,
      ),
    );
    await expect(LocalRuntime.start({ stateDir: root, config })).rejects.toThrow(/StateInUse|in use by/);
  });

  it('takes over the lock of a process that is gone (kill -9), and records what it wrote as riposte’s', () => {
    const root = fresh();
    const dead = spawn('true');
    children.push(dead);
    const pid = dead.pid as number;
    return new Promise<void>((resolve) =>
      dead.on('exit', () => {
        writeLock(root, pid);
        writeFileSync(path.join(root, 'waf.json'), '{"ipSets":[]}'); // written by the killed run
        const release = acquireState(root);
        expect(JSON.parse(readFileSync(path.join(root, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
        expect(ownedFiles(root)).toContain('waf.json');
        release();
        expect(existsSync(path.join(root, LOCK_FILE))).toBe(false);
        resolve();
      }),
    );
  });
});

describe('the state folder belongs to the user', () => {
  it('simulate removes only what riposte wrote and keeps the kill switch', async () => {
    const root = fresh();
    await simulate({ file: SCENARIO, stateDir: root, config });
    writeFileSync(path.join(root, 'incidents', 'my-notes.md'), 'mine');
    mkdirSync(path.join(root, 'evidence', 'mine'));
    writeFileSync(path.join(root, 'evidence', 'mine', 'a.txt'), 'mine too');
    writeFileSync(path.join(root, 'README.txt'), 'also mine');
    const runtime = await LocalRuntime.start({ stateDir: root, config });
    await runtime.deps.incidents.setControl('blocking', {
      on: true,
      by: 'me',
      at: '2026-12-07T15:00:00Z',
      reason: 'drill',
    });
    await runtime.close();

    const lines: string[] = [];
    const result = await simulate({ file: SCENARIO, stateDir: root, config, progress: (l) => lines.push(l) });
    expect(readFileSync(path.join(root, 'incidents', 'my-notes.md'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(root, 'evidence', 'mine', 'a.txt'), 'utf8')).toBe('mine too');
    expect(readFileSync(path.join(root, 'README.txt'), 'utf8')).toBe('also mine');
    expect(
      lines.some((l) =>
        /kill switch "blocking" is ON \(me at .*: drill\), kept from the previous run/.test(l),
      ),
    ).toBe(true);
    expect(result.incidents.flatMap((i) => i.blocked)).toEqual([]);
    // The second run's files are riposte's: a third reset removes them, the user's files stay.
    expect(ownedFiles(root)).toContain('waf.json');
    expect(resetState(root).sort()).toEqual(['README.txt', 'evidence/mine/a.txt', 'incidents/my-notes.md']);
    expect(existsSync(path.join(root, 'waf.json'))).toBe(false);
  }, 180_000);

  it('refuses to use a file riposte did not write under one of its names', () => {
    const root = fresh();
    writeFileSync(path.join(root, 'logs.jsonl'), '{"mine":true}\n');
    expect(() => resetState(root)).toThrow(/logs\.jsonl was not written by riposte/);
    expect(readFileSync(path.join(root, 'logs.jsonl'), 'utf8')).toBe('{"mine":true}\n');
  });
});

describe('damaged state files', () => {
  it.each([
    ['', /is empty/],
    ['{"ipSets": [', /is not valid JSON/],
    ['[]', /should hold a JSON object/],
  ])('names the file and what to do for %j', (text, problem) => {
    const file = path.join(fresh(), 'waf.json');
    writeFileSync(file, text);
    expect(() => readStateFile(file, 'the local WAF IP sets', 'object')).toThrow(problem);
    expect(() => readStateFile(file, 'the local WAF IP sets', 'object')).toThrow(
      `${file} (the local WAF IP sets)`,
    );
  });

  it('a garbled executions.json stops the runtime with the file named, and leaves the folder free', async () => {
    const root = fresh();
    writeFileSync(path.join(root, 'executions.json'), '[{"name":');
    await expect(LocalRuntime.start({ stateDir: root, config })).rejects.toThrow(
      /executions\.json \(the local Step Functions executions\) is not valid JSON/,
    );
    expect(existsSync(path.join(root, LOCK_FILE))).toBe(false);
  });
});

describe('commands that only read', () => {
  it('never create a state folder that does not exist', async () => {
    const { localIncidentReport } = await import('../../lib/cli/incident.ts');
    const missing = path.join(fresh(), 'never-ran');
    await expect(localIncidentReport('INC-20261120-f009f3fa', missing, config, false)).rejects.toThrow(
      /there is no state folder .*never-ran: nothing has run there yet/,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('read a folder they may not write', async () => {
    const { localIncidentReport } = await import('../../lib/cli/incident.ts');
    const root = fresh();
    const result = await simulate({ file: SCENARIO, stateDir: root, config });
    const id = result.incidents[0]?.id as string;
    chmodSync(root, 0o555);
    try {
      expect(await localIncidentReport(id, root, config, false)).toContain(`# ${id}`);
      expect(existsSync(path.join(root, LOCK_FILE))).toBe(false);
    } finally {
      chmodSync(root, 0o755);
    }
  }, 180_000);
});
