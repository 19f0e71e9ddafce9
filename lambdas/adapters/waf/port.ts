/** Which WAFv2 IP set: the triple every WAFv2 IP-set call needs. */
export interface IpSetRef {
  name: string;
  id: string;
  scope: 'REGIONAL' | 'CLOUDFRONT';
}

export interface IpSetSnapshot {
  /** CIDR strings exactly as WAF stores them. */
  addresses: string[];
  /** Token for the next UpdateIPSet; a stale one fails with WAFOptimisticLockException. */
  lockToken: string;
}

/** At most this many addresses fit in one IP set (AWS WAFv2 quota). */
export const MAX_ADDRESSES_PER_IP_SET = 10_000;

/**
 * The WAFv2 IP-set API as riposte uses it. Errors keep AWS's names (`error.name`):
 * WAFOptimisticLockException, WAFLimitsExceededException, WAFInvalidParameterException,
 * WAFNonexistentItemException, WAFInternalErrorException, ThrottlingException.
 */
export interface WafIpSets {
  get(ref: IpSetRef): Promise<IpSetSnapshot>;
  /** Replace the whole list; resolves to the next lock token. */
  update(ref: IpSetRef, addresses: string[], lockToken: string): Promise<string>;
}
