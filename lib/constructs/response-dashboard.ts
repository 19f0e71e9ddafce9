import { Duration } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  Metric,
  SingleValueWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRIC_NAMES, METRICS_NAMESPACE } from '../../lambdas/adapters/metrics/powertools.ts';

/**
 * The numbers that show riposte works, on one CloudWatch dashboard: time to detect, respond and contain,
 * time waiting for people, and outcomes per playbook. The outcome step publishes them (Powertools Metrics,
 * EMF), dimensioned by service and playbook.
 */
export class ResponseDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: { playbooks: readonly string[]; dashboardName?: string }) {
    super(scope, id);
    const metric = (name: string, playbook: string, statistic: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: 'riposte', playbook },
        statistic,
        period: Duration.hours(1),
        label: playbook,
      });
    const perPlaybook = (title: string, name: string, statistic: string, target?: HorizontalAnnotation) =>
      new GraphWidget({
        title,
        left: props.playbooks.map((p) => metric(name, p, statistic)),
        leftYAxis: { min: 0, label: statistic === 'Sum' ? 'count' : 'seconds', showUnits: false },
        ...(target ? { leftAnnotations: [target] } : {}),
        width: 12,
      });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      ...(props.dashboardName ? { dashboardName: props.dashboardName } : {}),
      defaultInterval: Duration.days(30),
      widgets: [
        [
          new TextWidget({
            markdown:
              "## riposte response\nFrom each playbook run's outcome step. Locally: `npx riposte metrics`. Target: detect ≤ 1 min; automated response immediate.",
            width: 24,
            height: 2,
          }),
        ],
        [
          perPlaybook('Time to detect (average)', METRIC_NAMES.timeToDetect, 'Average', {
            value: 60,
            label: 'target 1 min',
          }),
          perPlaybook('Time to contain (p90)', METRIC_NAMES.timeToContain, 'p90'),
        ],
        [
          perPlaybook('Waiting for people (average)', METRIC_NAMES.waitingForPeople, 'Average'),
          perPlaybook('Time to respond (p90)', METRIC_NAMES.timeToRespond, 'p90'),
        ],
        [
          perPlaybook('Playbook outcomes', METRIC_NAMES.outcomes, 'Sum'),
          new SingleValueWidget({
            title: 'Contained / human-gated outcomes (30 days)',
            metrics: [METRIC_NAMES.contained, METRIC_NAMES.humanGated].flatMap((name) =>
              props.playbooks.map((p) =>
                metric(name, p, 'Sum').with({ label: `${p} ${name}`, period: Duration.days(30) }),
              ),
            ),
            width: 12,
            height: 6,
          }),
        ],
      ],
    });
  }
}
