import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { STSClient } from '@aws-sdk/client-sts';
import { STACK_NAME } from '../names.ts';

/** The AWS clients the CLI's --aws mode uses (tests hand in clients with a recording HTTP layer). */
export interface AwsClients {
  cfn: CloudFormationClient;
  sfn: SFNClient;
  dynamo: DynamoDBClient;
  /** For `relax resume --aws` (optional: other commands do not schedule). */
  scheduler?: SchedulerClient;
  /** Names the caller for case work on AWS (GetCallerIdentity); built on demand when absent. */
  sts?: STSClient;
}

export function defaultAwsClients(): AwsClients {
  return {
    cfn: new CloudFormationClient({}),
    sfn: new SFNClient({}),
    dynamo: new DynamoDBClient({}),
    scheduler: new SchedulerClient({}),
  };
}

/** The deployed stack's outputs (state machine ARNs, table names), for the CLI's --aws mode. */
export async function stackOutputs(
  cfn: CloudFormationClient,
  stackName = STACK_NAME,
): Promise<Record<string, string>> {
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = Stacks?.[0]?.Outputs ?? [];
    return Object.fromEntries(outputs.map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    throw new Error(
      `cannot read the deployed ${stackName} stack: ${(error as Error).name}: ${(error as Error).message}. ` +
        'Set AWS credentials and region (AWS_PROFILE, AWS_REGION) for the account riposte is deployed in, or drop --aws to act on the local state.',
    );
  }
}
