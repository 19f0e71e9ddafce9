import { describe, expect, it } from 'vitest';
import {
  checklistFor,
  relayRole,
  STALE_CREDENTIAL_CHECKLIST,
  sourceKind,
} from '../../lambdas/core/lockout-sources.ts';

// Logon types per Microsoft's 4624/4625 reference: 2 interactive, 3 network, 4 batch, 5 service,
// 8 network cleartext (IIS basic authentication), 10 remote interactive.
describe('what kind of source keeps trying an old password', () => {
  it('reads the relay, then the logon type, then the process', () => {
    const iis = relayRole(['C:\\Windows\\System32\\inetsrv\\w3wp.exe']);
    expect(iis).toMatch(/^IIS \(w3wp\.exe\): Outlook on the web or Exchange ActiveSync/);
    expect(relayRole(['C:\\Windows\\ADFS\\Microsoft.IdentityServer.ServiceHost.exe'])).toMatch(/^AD FS/);
    expect(relayRole([])).toMatch(/^a server signing users in on their behalf/);
    expect(sourceKind({ logonTypes: [8], processes: [], relayRole: iis })).toBe('mail-client');
    expect(sourceKind({ logonTypes: [4], processes: ['C:\\Windows\\System32\\svchost.exe'] })).toBe(
      'scheduled-task',
    );
    expect(sourceKind({ logonTypes: [5], processes: ['C:\\Windows\\System32\\services.exe'] })).toBe(
      'service',
    );
    expect(sourceKind({ logonTypes: [3], processes: ['C:\\Program Files\\Backup\\agent.exe'] })).toBe(
      'service',
    );
    expect(sourceKind({ logonTypes: [3], processes: [] })).toBe('mapped-drive');
    expect(sourceKind({ logonTypes: [10], processes: [] })).toBe('remote-desktop');
    expect(sourceKind({ logonTypes: [2], processes: ['C:\\Windows\\System32\\svchost.exe'] })).toBe(
      'interactive',
    );
    expect(sourceKind({ logonTypes: [], processes: [] })).toBe('unknown');
  });

  it('puts the kind’s own places first, named for the source, then the rest of the full list', () => {
    const task = checklistFor({
      kind: 'scheduled-task',
      account: 'svc-backup',
      where: 'APP07',
      processes: [],
    });
    expect(task[0]).toMatch(
      /^scheduled tasks on APP07 running as svc-backup: `schtasks \/query \/v \/fo list`/,
    );
    expect(task.slice(1)).toEqual([...STALE_CREDENTIAL_CHECKLIST]);
    const phone = checklistFor({
      kind: 'mail-client',
      account: 'dana',
      where: '198.51.100.23',
      processes: [],
      via: 'EXCH01',
    });
    expect(phone[0]).toMatch(
      /^mail on a phone or tablet of dana \(from 198\.51\.100\.23 through EXCH01\).*Get-MobileDevice -Mailbox dana/,
    );
    expect(checklistFor({ kind: 'unknown', account: 'x', where: 'H', processes: [] })).toEqual([
      ...STALE_CREDENTIAL_CHECKLIST,
    ]);
  });
});
