import { credentialStuffing } from './credential-stuffing.ts';
import type { Playbook } from './types.ts';

/** Every playbook riposte deploys and runs locally. */
export const PLAYBOOKS: readonly Playbook[] = [credentialStuffing];
