import { randomUUID } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { readStateFile } from '../state-file.ts';
import { wafError } from '../waf/errors.ts';
import type { RuleGroupRef, RuleGroupSnapshot, WafRuleGroups } from './port.ts';

/** WAFv2 rule groups in process with AWS's lock-token semantics: every update needs the latest token. */
export class LocalWafRuleGroups implements WafRuleGroups {
  private readonly groups = new Map<string, RuleGroupSnapshot>();
  /** Updates rejected with WAFOptimisticLockException. */
  conflicts = 0;

  constructor(private readonly file?: string) {
    if (file)
      for (const [id, g] of Object.entries(
        readStateFile<Record<string, RuleGroupSnapshot>>(file, 'the local WAF rule groups', 'object') ?? {},
      ))
        this.groups.set(id, g);
  }

  /** Create the group as the template declares it, unless it exists (state kept between runs). */
  create(
    ref: RuleGroupRef,
    rules: RuleGroupSnapshot['rules'],
    visibilityConfig: RuleGroupSnapshot['visibilityConfig'],
  ) {
    if (this.groups.has(ref.id)) return;
    this.groups.set(ref.id, { rules, visibilityConfig, lockToken: randomUUID() });
    this.save();
  }

  async get(ref: RuleGroupRef): Promise<RuleGroupSnapshot> {
    return structuredClone(this.require(ref));
  }

  async update(ref: RuleGroupRef, snapshot: RuleGroupSnapshot): Promise<string> {
    const current = this.require(ref);
    if (snapshot.lockToken !== current.lockToken) {
      this.conflicts++;
      throw wafError(
        'WAFOptimisticLockException',
        `rule group ${ref.name} changed since the lock token was issued; get it again`,
      );
    }
    const names = snapshot.rules.map((r) => r.Name);
    if (new Set(names).size !== names.length)
      throw wafError('WAFInvalidParameterException', `rule names in ${ref.name} must be unique`);
    const next = { ...structuredClone(snapshot), lockToken: randomUUID() };
    this.groups.set(ref.id, next);
    this.save();
    return next.lockToken;
  }

  private require(ref: RuleGroupRef): RuleGroupSnapshot {
    const group = this.groups.get(ref.id);
    if (!group) throw wafError('WAFNonexistentItemException', `no rule group ${ref.name} (${ref.id})`);
    return group;
  }

  private save() {
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(Object.fromEntries(this.groups)));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
