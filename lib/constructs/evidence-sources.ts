import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RiposteConfig } from '../../lambdas/core/config.ts';

/** Read access to exactly the configured S3 log prefixes: list under the prefix, read objects below it. */
export function grantLogArchiveReads(fn: IFunction, sources: RiposteConfig['evidence']['s3Prefixes']): void {
  const partition = Stack.of(fn).partition;
  for (const { bucket, prefix } of sources) {
    const objects = `arn:${partition}:s3:::${bucket}/${prefix}*`;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [`arn:${partition}:s3:::${bucket}`],
        conditions: { StringLike: { 's3:prefix': `${prefix}*` } },
      }),
    );
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
    Validations.of(fn.role ?? fn).acknowledge({
      // cdk-nag names the partition token this way in its finding ids.
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucket}/${prefix}*]`,
      reason: `Log files land under ${bucket}/${prefix} with names known only at delivery; reads stay under the configured prefix.`,
    });
  }
}

/** FilterLogEvents on exactly the configured log groups (the `:*` covers their streams). */
export function grantLogGroupReads(fn: IFunction, logGroups: readonly string[]): void {
  if (logGroups.length === 0) return;
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['logs:FilterLogEvents'],
      resources: logGroups.map((g) =>
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${g}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
    }),
  );
  for (const g of logGroups) {
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:${g}:*]`,
      reason: `FilterLogEvents is authorized on the log group ARN with its ":*" stream suffix; only ${g} is readable.`,
    });
  }
}
