import type { MfaMode } from '../../core/posture.ts';
import { describeGraphError, type EntraOptions, entraToken } from '../identity/entra.ts';
import { type CachedToken, exchange, type Request } from '../identity/http.ts';
import type { ParameterStore } from '../parameters/port.ts';
import { type MfaEnforcer, PriorStash } from './mfa.ts';

/** A Conditional Access policy's state (Graph conditionalAccessPolicy.state). */
type PolicyState = 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';

export interface EntraMfaOptions extends EntraOptions {
  parameters: ParameterStore;
  /** Pre-created policies (report-only) requiring MFA: the administrators' and, optionally, everyone's. */
  adminsPolicyId: string;
  everyonePolicyId?: string;
}

/**
 * Microsoft Entra ID: pre-created Conditional Access policies switched from report-only to on (PATCH
 * /identity/conditionalAccess/policies/{id} {state}), administrators' first; each policy's prior state is put back.
 * Enrollment: Graph's userRegistrationDetails report (isMfaRegistered, isAdmin).
 */
export class EntraMfaEnforcer implements MfaEnforcer {
  readonly provider = 'entra' as const;
  private readonly token: CachedToken;
  private readonly stash: PriorStash;

  constructor(private readonly options: EntraMfaOptions) {
    this.token = entraToken(options);
    this.stash = new PriorStash(options.parameters, 'entra');
  }

  async read(): Promise<MfaMode> {
    const admins = (await this.state(this.options.adminsPolicyId)) === 'enabled';
    const everyone = this.options.everyonePolicyId
      ? (await this.state(this.options.everyonePolicyId)) === 'enabled'
      : false;
    return everyone && admins ? 'all' : admins ? 'admins' : 'off';
  }

  async apply(mode: MfaMode): Promise<void> {
    await this.set(this.options.adminsPolicyId, mode !== 'off');
    if (this.options.everyonePolicyId) await this.set(this.options.everyonePolicyId, mode === 'all');
  }

  async enrollment() {
    let url: string | undefined =
      `${this.base()}/reports/authenticationMethods/userRegistrationDetails?$select=id,isMfaRegistered,isAdmin&$top=999`;
    const counts = { provider: this.provider, users: 0, enrolled: 0, admins: 0, adminsEnrolled: 0 };
    while (url) {
      const page: { value: { isMfaRegistered?: boolean; isAdmin?: boolean }[]; '@odata.nextLink'?: string } =
        await this.call({ method: 'GET', url, permission: 'AuditLog.Read.All (and Entra ID P1 or P2)' });
      for (const u of page.value) {
        counts.users++;
        if (u.isMfaRegistered) counts.enrolled++;
        if (u.isAdmin) {
          counts.admins++;
          if (u.isMfaRegistered) counts.adminsEnrolled++;
        }
      }
      url = page['@odata.nextLink'];
    }
    return counts;
  }

  private base() {
    return this.options.graphUrl.replace(/\/$/, '');
  }

  private async state(id: string): Promise<PolicyState> {
    const policy = await this.call<{ state: PolicyState }>({
      method: 'GET',
      url: `${this.base()}/identity/conditionalAccess/policies/${encodeURIComponent(id)}`,
      permission: 'Policy.Read.All',
    });
    return policy.state;
  }

  private async set(id: string, on: boolean): Promise<void> {
    const now = await this.state(id);
    let to: PolicyState;
    if (on) {
      if (now === 'enabled') return;
      await this.stash.remember(id, now);
      to = 'enabled';
    } else {
      const held = await this.stash.take(id);
      if (!held) return;
      to = held.prior as PolicyState;
      if (to === now) return;
    }
    await this.call({
      method: 'PATCH',
      url: `${this.base()}/identity/conditionalAccess/policies/${encodeURIComponent(id)}`,
      body: { state: to },
      permission: 'Policy.ReadWrite.ConditionalAccess',
    });
  }

  private async call<T>(r: Omit<Request, 'headers'>): Promise<T> {
    const token = await this.token.get();
    return (
      await exchange<T>('entra', describeGraphError, this.options, {
        ...r,
        headers: { authorization: `Bearer ${token}` },
      })
    ).body;
  }
}
