import type { Alert } from './alerts.ts';

/**
 * What the owner of an attacked account is told, in plain words: whether anyone got in, what riposte did
 * to the account, and what the owner should do. Sent to the account owner, never to the attacker's channel.
 */
export function ownerNotice(alert: Alert, user: string, incidentId: string) {
  const compromised = alert.compromisedUsers.includes(user);
  const when = alert.window
    ? `between ${alert.window.start} and ${alert.window.end}`
    : `around ${alert.observedAt}`;
  const lines = compromised
    ? [
        `Someone guessed the password of your account "${user}" ${when} and signed in with it.`,
        'We signed that session out and you must choose a new password at your next sign-in.',
        'If that sign-in was you, tell the security team; if not, check your recent activity with them.',
      ]
    : [
        `Someone tried to guess the password of your account "${user}" ${when}.`,
        'They did not get in. Your password is unchanged and you need not reset it.',
        'If your account is locked, it unlocks by itself or the help desk can unlock it.',
        'Nobody from IT will ever ask for your password or a sign-in code.',
      ];
  return {
    subject: `[riposte] notice for the owner of account ${user}`,
    message: [...lines, '', `Reference: incident ${incidentId}`].join('\n'),
    /** Not `${incidentId}:…`: owner notices are not pages to the response team. */
    key: `owner:${incidentId}:${user}`,
  };
}
