import { blockIps } from './block-ips.ts';
import { containUser } from './contain-user.ts';
import { credentialStuffing } from './credential-stuffing.ts';
import { relax } from './relax.ts';
import type { Playbook } from './types.ts';
import { unblockIps } from './unblock-ips.ts';

/** Every playbook riposte deploys and runs locally. */
export const PLAYBOOKS: readonly Playbook[] = [credentialStuffing, blockIps, unblockIps, containUser, relax];
