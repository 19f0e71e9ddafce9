import type { RiposteHandler } from '../platform/define-handler.ts';
import { definition as answerApproval } from './answer-approval.ts';
import { definition as blockIps } from './block-ips.ts';
import { definition as collectEvidence } from './collect-evidence.ts';
import { definition as consoleApi } from './console-api.ts';
import { definition as containAccounts } from './contain-accounts.ts';
import { definition as detect } from './detect.ts';
import { definition as draftNotices } from './draft-notices.ts';
import { definition as investigateLockout } from './investigate-lockout.ts';
import { definition as nameHostsToInvestigate } from './name-hosts-to-investigate.ts';
import { definition as notifyOwner } from './notify-owner.ts';
import { definition as openIncident } from './open-incident.ts';
import { definition as pageResponders } from './page-responders.ts';
import { definition as recordNoticeEvent } from './record-notice-event.ts';
import { definition as recordOutcome } from './record-outcome.ts';
import { definition as relaxStage } from './relax-stage.ts';
import { definition as requestApproval } from './request-approval.ts';
import { definition as scheduleRelaxation } from './schedule-relaxation.ts';
import { definition as sealEvidence } from './seal-evidence.ts';
import { definition as sendNotices } from './send-notices.ts';
import { definition as startPlaybook } from './start-playbook.ts';
import { definition as syncWaf } from './sync-waf.ts';
import { definition as tightenPosture } from './tighten-posture.ts';
import { definition as unblockIps } from './unblock-ips.ts';
import { definition as validateAlert } from './validate-alert.ts';
import { definition as validateOperatorRequest } from './validate-operator-request.ts';
import { definition as watchAccount } from './watch-account.ts';

/** Every handler by name: the local runtime runs the function a template names through this registry. */
export const HANDLERS: Readonly<Record<string, RiposteHandler<unknown>>> = Object.fromEntries(
  [
    validateAlert,
    openIncident,
    blockIps,
    containAccounts,
    collectEvidence,
    sealEvidence,
    recordOutcome,
    pageResponders,
    syncWaf,
    startPlaybook,
    unblockIps,
    validateOperatorRequest,
    requestApproval,
    notifyOwner,
    watchAccount,
    nameHostsToInvestigate,
    investigateLockout,
    detect,
    tightenPosture,
    scheduleRelaxation,
    relaxStage,
    answerApproval,
    consoleApi,
    draftNotices,
    sendNotices,
    recordNoticeEvent,
  ].map((h) => [h.name, h as RiposteHandler<unknown>]),
);
