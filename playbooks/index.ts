import { accountLockout } from './account-lockout.ts';
import { blockIps } from './block-ips.ts';
import { bruteForce } from './brute-force.ts';
import { containUser } from './contain-user.ts';
import { credentialStuffing } from './credential-stuffing.ts';
import { notifyUsers } from './notify-users.ts';
import { passwordSpray } from './password-spray.ts';
import { relax } from './relax.ts';
import { riskySignin } from './risky-signin.ts';
import type { Playbook } from './types.ts';
import { unblockIps } from './unblock-ips.ts';

/** Every playbook riposte deploys and runs locally. */
export const PLAYBOOKS: readonly Playbook[] = [
  credentialStuffing,
  passwordSpray,
  bruteForce,
  accountLockout,
  riskySignin,
  blockIps,
  unblockIps,
  containUser,
  relax,
  notifyUsers,
];
