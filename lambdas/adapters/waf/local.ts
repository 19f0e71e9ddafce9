import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ipaddr from 'ipaddr.js';
import { NamedError } from '../named-error.ts';
import { readStateFile } from '../state-file.ts';
import { wafError } from './errors.ts';
import type { IpSetRef, IpSetSnapshot, WafIpSets } from './port.ts';
import { MAX_ADDRESSES_PER_IP_SET } from './port.ts';

type Scope = IpSetRef['scope'];

interface StoredIpSet {
  name: string;
  id: string;
  scope: Scope;
  ipVersion: 4 | 6;
  addresses: string[];
  lockToken: string;
}

interface StateFile {
  ipSets: StoredIpSet[];
}

export interface LocalWafOptions {
  /** UpdateIPSet calls allowed per one-second window; unset means no throttling. */
  writesPerSecond?: number;
  /** Clock in milliseconds, injectable so tests and benchmarks can run on virtual time. */
  now?: () => number;
  /** JSON file that keeps the state between CLI runs. */
  file?: string;
}

/** In-process WAFv2 IP sets with AWS's semantics: lock tokens, quota, address validation, throttling. */
export class LocalWaf implements WafIpSets {
  /** Successful UpdateIPSet calls. */
  writes = 0;
  /** Updates rejected with WAFOptimisticLockException. */
  conflicts = 0;

  private readonly sets = new Map<string, StoredIpSet>();
  /** The clock the write throttle runs on (the runtime's virtual clock): benchmarks measure with it. */
  readonly now: () => number;

  private readonly writesPerSecond: number | undefined;
  private readonly file: string | undefined;
  private window = Number.NEGATIVE_INFINITY;
  private windowWrites = 0;
  private faults: { name: string; remaining: number } | undefined;

  constructor(options: LocalWafOptions = {}) {
    this.writesPerSecond = options.writesPerSecond;
    this.now = options.now ?? Date.now;
    this.file = options.file;
    const state = this.file && readStateFile<StateFile>(this.file, 'the local WAF IP sets', 'object');
    if (state) {
      if (!Array.isArray(state.ipSets))
        throw new NamedError(
          'StateFileDamaged',
          `${this.file} (the local WAF IP sets) has no ipSets list: restore it from a copy, or delete it and run \`riposte simulate\` again`,
        );
      for (const set of state.ipSets) this.sets.set(key(set.scope, set.id), set);
    }
  }

  /** Create a set, or return the existing one with that id (or, without an id, that name and scope). */
  createIpSet(name: string, version: 4 | 6, scope: Scope, id?: string): IpSetRef {
    const existing =
      id === undefined
        ? [...this.sets.values()].find((s) => s.scope === scope && s.name === name)
        : this.sets.get(key(scope, id));
    if (existing !== undefined) {
      if (existing.name !== name || existing.ipVersion !== version) {
        throw wafError(
          'WAFInvalidParameterException',
          `IP set ${existing.id} already exists with another name or version`,
        );
      }
      return { name, id: existing.id, scope };
    }
    const set: StoredIpSet = {
      name,
      id: id ?? randomUUID(),
      scope,
      ipVersion: version,
      addresses: [],
      lockToken: randomUUID(),
    };
    this.sets.set(key(scope, set.id), set);
    this.save();
    return { name, id: set.id, scope };
  }

  /** Current addresses, for tests and reports; no lock token, no fault injection. */
  addresses(ref: IpSetRef): string[] {
    return [...this.find(ref).addresses];
  }

  /** The next `times` get or update calls throw an error with this name. */
  failNext(name: string, times = 1): void {
    this.faults = { name, remaining: times };
  }

  async get(ref: IpSetRef): Promise<IpSetSnapshot> {
    this.injectFault();
    const set = this.find(ref);
    return { addresses: [...set.addresses], lockToken: set.lockToken };
  }

  async update(ref: IpSetRef, addresses: string[], lockToken: string): Promise<string> {
    this.injectFault();
    this.throttle();
    const set = this.find(ref);
    for (const address of addresses) {
      if (!isValidCidr(address, set.ipVersion)) {
        throw wafError(
          'WAFInvalidParameterException',
          `Error reason: The parameter contains formatting that is not valid., field: IP_ADDRESS, parameter: ${address}`,
        );
      }
    }
    // Counted before deduplication: the stricter reading, so a list that only fits thanks to duplicates fails here too.
    if (addresses.length > MAX_ADDRESSES_PER_IP_SET) {
      throw wafError(
        'WAFLimitsExceededException',
        `IP set ${set.name} would hold ${addresses.length} addresses; the limit is ${MAX_ADDRESSES_PER_IP_SET}`,
      );
    }
    if (lockToken !== set.lockToken) {
      this.conflicts++;
      throw wafError(
        'WAFOptimisticLockException',
        'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it.',
      );
    }
    set.addresses = [...new Set(addresses)];
    set.lockToken = randomUUID();
    this.writes++;
    this.save();
    return set.lockToken;
  }

  private find(ref: IpSetRef): StoredIpSet {
    const set = this.sets.get(key(ref.scope, ref.id));
    // WAF identifies a set by id and scope, and rejects a name that does not match the id.
    if (set === undefined || set.name !== ref.name) {
      throw wafError(
        'WAFNonexistentItemException',
        `IP set ${ref.name} (${ref.id}, ${ref.scope}) does not exist`,
      );
    }
    return set;
  }

  private injectFault(): void {
    if (this.faults === undefined) return;
    const { name } = this.faults;
    if (--this.faults.remaining <= 0) this.faults = undefined;
    throw wafError(name, `injected fault: ${name}`);
  }

  /** Fixed one-second windows; a throttled call does not use up budget. */
  private throttle(): void {
    if (this.writesPerSecond === undefined) return;
    const window = Math.floor(this.now() / 1000);
    if (window !== this.window) {
      this.window = window;
      this.windowWrites = 0;
    }
    if (this.windowWrites >= this.writesPerSecond) {
      throw wafError('ThrottlingException', 'Rate exceeded');
    }
    this.windowWrites++;
  }

  private save(): void {
    if (this.file === undefined) return;
    const state: StateFile = { ipSets: [...this.sets.values()] };
    mkdirSync(dirname(this.file), { recursive: true });
    // Temp file then rename, so a crash mid-write never leaves a truncated state file.
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(temp, this.file);
  }
}

function key(scope: Scope, id: string): string {
  return `${scope}/${id}`;
}

/** A CIDR as WAF accepts it: explicit prefix, right IP version, no /0, no zone, brackets or padding. */
function isValidCidr(text: string, version: 4 | 6): boolean {
  const match = /^([^/\s]+)\/([1-9]\d{0,2})$/.exec(text);
  if (match === null) return false;
  const [, address = '', prefixText = ''] = match;
  const prefix = Number(prefixText);
  if (version === 4) return ipaddr.IPv4.isValidFourPartDecimal(address) && prefix <= 32;
  return !address.includes('%') && ipaddr.IPv6.isValid(address) && prefix <= 128;
}
