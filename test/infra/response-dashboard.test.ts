import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { buildApp } from '../../lib/app.ts';

describe('the response dashboard in the stack', () => {
  let body: { widgets: { properties: { title?: string; metrics?: unknown[][] } }[] };

  beforeAll(() => {
    const { app, stack } = buildApp(
      { skipBundling: true, outdir: mkdtempSync(path.join(tmpdir(), 'riposte-dashboard-synth-')) },
      parseConfig({ allowList: ['192.0.2.0/24'] }),
    );
    // Throws if cdk-nag AwsSolutions reports an unacknowledged finding (the dashboard included).
    app.synth();
    const dashboards = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    // The body is a Fn::Join of literal text and the stack's Region: put the Region in to read it as JSON.
    const parts = dashboards[0]?.Properties.DashboardBody['Fn::Join'][1] as unknown[];
    body = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'eu-west-1')).join(''));
  });

  it('graphs the metrics the outcome step publishes, per playbook, with the 1-minute detection target', () => {
    const titles = body.widgets.map((w) => w.properties.title).filter(Boolean);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Time to detect (average)',
        'Time to contain (p90)',
        'Waiting for people (average)',
        'Playbook outcomes',
      ]),
    );
    const detect = body.widgets.find((w) => w.properties.title === 'Time to detect (average)');
    const lines = (detect?.properties.metrics ?? []).map((m) => m.slice(0, 6));
    expect(lines).toContainEqual([
      'riposte',
      'TimeToDetect',
      'playbook',
      'credential-stuffing',
      'service',
      'riposte',
    ]);
    expect(JSON.stringify(detect)).toContain('"value":60');
  });
});
