import { GetIPSetCommand, UpdateIPSetCommand, type WAFV2Client } from '@aws-sdk/client-wafv2';
import type { IpSetRef, IpSetSnapshot, WafIpSets } from './port.ts';

/** WAFv2 IP sets through the AWS SDK. SDK errors are rethrown untouched: their `name` is the AWS error name. */
export class AwsWafIpSets implements WafIpSets {
  /** UpdateIPSet replaces every mutable field, so an omitted Description would be erased: remember the last one read. */
  private readonly descriptions = new Map<string, string | undefined>();

  constructor(private readonly client: WAFV2Client) {}

  async get(ref: IpSetRef): Promise<IpSetSnapshot> {
    const out = await this.client.send(new GetIPSetCommand({ Name: ref.name, Id: ref.id, Scope: ref.scope }));
    if (out.IPSet === undefined || out.LockToken === undefined) {
      throw new Error(`GetIPSet ${ref.name} (${ref.id}) returned no IPSet or LockToken`);
    }
    this.descriptions.set(descriptionKey(ref), out.IPSet.Description);
    return { addresses: out.IPSet.Addresses ?? [], lockToken: out.LockToken };
  }

  async update(ref: IpSetRef, addresses: string[], lockToken: string): Promise<string> {
    // Never read this set (e.g. a token kept from elsewhere): read once so the description survives.
    if (!this.descriptions.has(descriptionKey(ref))) await this.get(ref);
    const out = await this.client.send(
      new UpdateIPSetCommand({
        Name: ref.name,
        Id: ref.id,
        Scope: ref.scope,
        Description: this.descriptions.get(descriptionKey(ref)),
        Addresses: addresses,
        LockToken: lockToken,
      }),
    );
    if (out.NextLockToken === undefined)
      throw new Error(`UpdateIPSet ${ref.name} (${ref.id}) returned no NextLockToken`);
    return out.NextLockToken;
  }
}

function descriptionKey(ref: IpSetRef): string {
  return `${ref.scope}/${ref.id}`;
}
