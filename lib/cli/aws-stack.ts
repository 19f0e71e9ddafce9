import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { STACK_NAME } from '../app.ts';

/** The deployed stack's outputs (state machine ARNs, table names), for the CLI's --aws mode. */
export async function stackOutputs(stackName = STACK_NAME): Promise<Record<string, string>> {
  try {
    const { Stacks } = await new CloudFormationClient({}).send(
      new DescribeStacksCommand({ StackName: stackName }),
    );
    const outputs = Stacks?.[0]?.Outputs ?? [];
    return Object.fromEntries(outputs.map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    throw new Error(
      `cannot read the deployed ${stackName} stack: ${(error as Error).name}: ${(error as Error).message}. ` +
        'Set AWS credentials and region (AWS_PROFILE, AWS_REGION) for the account riposte is deployed in, or drop --aws to act on the local state.',
    );
  }
}
