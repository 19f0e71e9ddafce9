import { type CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { AlarmReading } from '../../core/relax-gate.ts';
import type { AlarmStates } from './port.ts';

/** DescribeAlarms by name (metric and composite alarms; at most 100 names a call). */
export class CloudWatchAlarmStates implements AlarmStates {
  constructor(private readonly client: CloudWatchClient) {}

  async read(names: readonly string[]): Promise<AlarmReading[]> {
    if (names.length === 0) return [];
    const found = new Map<string, AlarmReading['state']>();
    let NextToken: string | undefined;
    do {
      const out = await this.client.send(
        new DescribeAlarmsCommand({
          AlarmNames: [...names],
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: 100,
          NextToken,
        }),
      );
      for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])])
        found.set(String(a.AlarmName), (a.StateValue ?? 'INSUFFICIENT_DATA') as AlarmReading['state']);
      NextToken = out.NextToken;
    } while (NextToken);
    return names.map((name) => ({ name, state: found.get(name) ?? 'MISSING' }));
  }
}
