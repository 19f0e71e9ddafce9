import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../lambdas/core/alerts.ts';
import { parseScenario, usersNamedBy } from '../../lib/local/scenario.ts';

const detection = {
  source: 'riposte.detection',
  'detail-type': 'x',
  detail: { id: 'd', targetedUsers: ['a', 'b'], compromisedUsers: ['a'] },
};

describe('scenario files', () => {
  it('reads JSON lines: events, seeds, logs, and names what is not JSON', () => {
    const items = parseScenario(
      [
        JSON.stringify(detection),
        '// a comment',
        JSON.stringify({ seed: { users: ['alice', { name: 'bob', sessions: 3 }] } }),
        JSON.stringify({ log: { msg: 'login failed' }, source: 'app', timestamp: '2026-11-20T03:00:00Z' }),
        '{oops',
        JSON.stringify({ seed: { users: [''] } }),
      ].join('\n'),
    );
    expect(items.map((i) => i.kind)).toEqual(['event', 'seed', 'log', 'invalid', 'invalid']);
    expect(items[1]).toMatchObject({
      users: [
        { name: 'alice', sessions: 1, enabled: true },
        { name: 'bob', sessions: 3 },
      ],
    });
    expect(items[3]).toMatchObject({ line: 5, error: expect.stringContaining('line 5 is not JSON') });
  });

  it('reads a whole pretty-printed event, or an array of events, as events', () => {
    expect(parseScenario(JSON.stringify(detection, null, 2)).map((i) => i.kind)).toEqual(['event']);
    expect(parseScenario(JSON.stringify([detection, detection], null, 2)).map((i) => i.kind)).toEqual([
      'event',
      'event',
    ]);
  });

  it('names the users an event mentions, for the default identity store', () => {
    expect(usersNamedBy(detection)).toEqual(['a', 'b', 'a']);
    expect(usersNamedBy({ detail: 'nope' })).toEqual([]);
  });

  it('reads GuardDuty’s own sample export (no EventBridge envelope) and ignores it: a sample is never acted on', () => {
    const [sample] = parseScenario(
      readFileSync(new URL('../fixtures/generated-sample-ssh-bruteforce.json', import.meta.url), 'utf8'),
    );
    const [routed] = normalizeEvent(sample?.kind === 'event' ? sample.event : undefined);
    expect(routed).toEqual({ ignored: expect.stringMatching(/is a sample .*not acted on/) });
  });
});
