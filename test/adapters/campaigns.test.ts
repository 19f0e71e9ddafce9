import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignIndex } from '../../lambdas/adapters/dynamo/campaigns.ts';
import { campaignFor, indicatorsOf } from '../../lambdas/core/campaign.ts';
import { createTables, type LocalDynamo, startDynamo } from '../../lib/local/dynamo.ts';

let dynamo: LocalDynamo;
let index: CampaignIndex;
const MINUTE = 60_000;

beforeAll(async () => {
  dynamo = await startDynamo();
  const keys = [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ];
  const attributes = keys.map((k) => ({ AttributeName: k.AttributeName, AttributeType: 'S' }));
  await createTables(dynamo.client, {
    Resources: {
      Incidents: {
        Type: 'AWS::DynamoDB::Table',
        Properties: { KeySchema: keys, AttributeDefinitions: attributes },
      },
    },
  });
  index = new CampaignIndex(dynamo.doc, 'Incidents');
});
afterAll(() => dynamo?.close());

describe('campaign index (dynalite)', () => {
  it('keeps the latest incident of an indicator: a late alert never moves it back', async () => {
    await index.mark(['ip:203.0.113.1', 'user:alice'], 'INC-20261120-00000002', 20 * MINUTE);
    await index.mark(['ip:203.0.113.1'], 'INC-20261120-00000001', 10 * MINUTE);
    const marks = await index.marks(['ip:203.0.113.1', 'user:alice', 'user:nobody']);
    expect(marks.sort((a, b) => a.indicator.localeCompare(b.indicator))).toEqual([
      { indicator: 'ip:203.0.113.1', incidentId: 'INC-20261120-00000002', lastSeen: 20 * MINUTE },
      { indicator: 'user:alice', incidentId: 'INC-20261120-00000002', lastSeen: 20 * MINUTE },
    ]);
  });

  it('reads more indicators than one BatchGetItem takes', async () => {
    const many = Array.from({ length: 250 }, (_, i) => `ip:198.51.100.${i}`);
    await index.mark(many, 'INC-20261120-0000000a', MINUTE);
    expect(await index.marks(many)).toHaveLength(250);
  });

  it("decides an alert's incident once: the first decision is returned to every later caller", async () => {
    expect(await index.decide('digest-1', 'INC-20261120-00000003')).toBe('INC-20261120-00000003');
    expect(await index.decide('digest-1', 'INC-20261120-00000004')).toBe('INC-20261120-00000003');
  });
});

describe('campaignFor and indicatorsOf', () => {
  it('picks the most recently seen incident within the window, either side of the alert', () => {
    const marks = [
      { indicator: 'ip:a', incidentId: 'old', lastSeen: 0 },
      { indicator: 'user:b', incidentId: 'recent', lastSeen: 50 * MINUTE },
      { indicator: 'user:c', incidentId: 'future', lastSeen: 200 * MINUTE },
    ];
    expect(campaignFor(marks, 40 * MINUTE, 60 * MINUTE)).toBe('recent');
    expect(campaignFor(marks, 150 * MINUTE, 60 * MINUTE)).toBe('future');
    expect(campaignFor(marks, 500 * MINUTE, 60 * MINUTE)).toBeUndefined();
  });

  it('names sources and accounts, hosts upper-cased and accounts lower-cased, at most 1,000', () => {
    expect(
      indicatorsOf({
        sourceIps: ['203.0.113.1'],
        sourceHosts: ['ws5'],
        targetedUsers: ['Alice'],
        compromisedUsers: ['alice'],
      }),
    ).toEqual(['ip:203.0.113.1', 'host:WS5', 'user:alice']);
    expect(
      indicatorsOf({
        sourceIps: [
          '203.0.113.88',
          '::ffff:203.0.113.88',
          ' 203.0.113.88 ',
          '203.000.113.088',
          '203.0.113.88/032',
        ],
        sourceHosts: [],
        targetedUsers: [],
        compromisedUsers: [],
      }),
    ).toEqual(['ip:203.0.113.88']);
    const botnet = Array.from({ length: 5000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    expect(
      indicatorsOf({ sourceIps: botnet, sourceHosts: [], targetedUsers: [], compromisedUsers: [] }),
    ).toHaveLength(1000);
  });
});
