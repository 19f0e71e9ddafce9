import type { MfaMode } from '../../core/posture.ts';
import { exchange, nextLink, type Request } from '../identity/http.ts';
import { describeOktaError, type OktaOptions } from '../identity/okta.ts';
import type { ParameterStore } from '../parameters/port.ts';
import { type MfaEnforcer, PriorStash } from './mfa.ts';

export interface OktaMfaOptions extends OktaOptions {
  parameters: ParameterStore;
  /** A pre-created policy (e.g. a sign-on or authentication policy) whose rules require MFA, created inactive. */
  policyId: string;
  adminsRuleId: string;
  everyoneRuleId?: string;
  /** The group of administrators, for the enrollment count. */
  adminGroupId?: string;
}

/**
 * Okta: pre-created policy rules activated (POST /api/v1/policies/{id}/rules/{ruleId}/lifecycle/activate),
 * administrators' first; each rule's prior status is put back. Enrollment: each user's factors.
 */
export class OktaMfaEnforcer implements MfaEnforcer {
  readonly provider = 'okta' as const;
  private readonly stash: PriorStash;

  constructor(private readonly options: OktaMfaOptions) {
    this.stash = new PriorStash(options.parameters, 'okta');
  }

  async read(): Promise<MfaMode> {
    const admins = (await this.status(this.options.adminsRuleId)) === 'ACTIVE';
    const everyone = this.options.everyoneRuleId
      ? (await this.status(this.options.everyoneRuleId)) === 'ACTIVE'
      : false;
    return everyone && admins ? 'all' : admins ? 'admins' : 'off';
  }

  async apply(mode: MfaMode): Promise<void> {
    await this.set(this.options.adminsRuleId, mode !== 'off');
    if (this.options.everyoneRuleId) await this.set(this.options.everyoneRuleId, mode === 'all');
  }

  async enrollment() {
    const users = await this.list<{ id: string }>('/api/v1/users?limit=200', 'okta.users.read');
    const admins = new Set(
      this.options.adminGroupId
        ? (
            await this.list<{ id: string }>(
              `/api/v1/groups/${encodeURIComponent(this.options.adminGroupId)}/users?limit=200`,
              'okta.groups.read',
            )
          ).map((u) => u.id)
        : [],
    );
    const counts = {
      provider: this.provider,
      users: users.length,
      enrolled: 0,
      admins: 0,
      adminsEnrolled: 0,
    };
    for (const u of users) {
      const factors = await this.call<{ status?: string }[]>({
        method: 'GET',
        path: `/api/v1/users/${encodeURIComponent(u.id)}/factors`,
        permission: 'okta.users.read',
      });
      const enrolled = factors.some((f) => f.status === 'ACTIVE');
      if (enrolled) counts.enrolled++;
      if (admins.has(u.id)) {
        counts.admins++;
        if (enrolled) counts.adminsEnrolled++;
      }
    }
    return counts;
  }

  private rulePath(ruleId: string) {
    return `/api/v1/policies/${encodeURIComponent(this.options.policyId)}/rules/${encodeURIComponent(ruleId)}`;
  }

  private async status(ruleId: string): Promise<string> {
    return (
      await this.call<{ status: string }>({
        method: 'GET',
        path: this.rulePath(ruleId),
        permission: 'okta.policies.read',
      })
    ).status;
  }

  private async set(ruleId: string, on: boolean): Promise<void> {
    const now = await this.status(ruleId);
    let active: boolean;
    if (on) {
      if (now === 'ACTIVE') return;
      await this.stash.remember(ruleId, now);
      active = true;
    } else {
      const held = await this.stash.take(ruleId);
      if (!held || held.prior === now) return;
      active = held.prior === 'ACTIVE';
    }
    await this.call({
      method: 'POST',
      path: `${this.rulePath(ruleId)}/lifecycle/${active ? 'activate' : 'deactivate'}`,
      permission: 'okta.policies.manage',
    });
  }

  /** Every item of a paged collection, following the Link header's next URL. */
  private async list<T>(path: string, permission: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = `${this.options.baseUrl.replace(/\/$/, '')}${path}`;
    while (url) {
      const { body, headers } = await this.raw<T[]>({ method: 'GET', url, permission });
      items.push(...body);
      url = nextLink(headers);
    }
    return items;
  }

  private async call<T>(r: Omit<Request, 'url' | 'headers'> & { path: string }): Promise<T> {
    const { path, ...rest } = r;
    return (await this.raw<T>({ ...rest, url: `${this.options.baseUrl.replace(/\/$/, '')}${path}` })).body;
  }

  private async raw<T>(r: Omit<Request, 'headers'>) {
    const { apiToken } = await this.options.secrets.get(this.options.secretId);
    return exchange<T>('okta', describeOktaError, this.options, {
      ...r,
      headers: { authorization: `SSWS ${apiToken}` },
    });
  }
}
