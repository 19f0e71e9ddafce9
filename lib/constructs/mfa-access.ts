import { ArnFormat, type Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { stashParameterName } from '../../lambdas/adapters/posture/mfa.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { secretArn } from './identity-access.ts';

/**
 * What switching require-mfa and counting enrollment may touch: the pool's risk configuration and users, the
 * Entra/Okta secrets, the parameters holding each policy's prior state (by exact name); the gate reads alarms.
 */
export function grantRequireMfa(
  stack: Stack,
  fn: IFunction,
  config: RiposteConfig,
  options: { enrollment: boolean },
) {
  const { requireMfa, okAlarms } = config.posture;
  const { identity } = config;
  const targets: string[] = [];
  if (requireMfa.cognito) {
    targets.push(stashParameterName('cognito', 'pool'));
    if (requireMfa.cognito.adminClientId)
      targets.push(stashParameterName('cognito', requireMfa.cognito.adminClientId));
    if (identity.cognitoUserPoolId)
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'cognito-idp:DescribeRiskConfiguration',
            'cognito-idp:SetRiskConfiguration',
            ...(options.enrollment
              ? ['cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup', 'cognito-idp:AdminGetUser']
              : []),
          ],
          resources: [
            stack.formatArn({
              service: 'cognito-idp',
              resource: 'userpool',
              resourceName: identity.cognitoUserPoolId,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
      );
  }
  if (requireMfa.entra)
    targets.push(
      ...[requireMfa.entra.adminsPolicyId, requireMfa.entra.everyonePolicyId].flatMap((id) =>
        id ? [stashParameterName('entra', id)] : [],
      ),
    );
  if (requireMfa.okta)
    targets.push(
      ...[requireMfa.okta.adminsRuleId, requireMfa.okta.everyoneRuleId].flatMap((id) =>
        id ? [stashParameterName('okta', id)] : [],
      ),
    );
  const secrets = [
    requireMfa.entra && identity.entra?.secretId,
    requireMfa.okta && identity.okta?.secretId,
  ].filter((s): s is string => typeof s === 'string');
  if (secrets.length > 0)
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: secrets.map((id) => secretArn(stack, id)),
      }),
    );
  if (targets.length > 0)
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ssm:GetParameter', 'ssm:PutParameter'],
        resources: targets.map((name) =>
          stack.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: name.slice(1),
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ),
      }),
    );
  if (options.enrollment && okAlarms.length > 0) {
    // DescribeAlarms supports no resource-level permissions.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: ['*'] }));
    Validations.of(fn.role ?? fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudwatch:DescribeAlarms has no resource-level permissions; read-only, for the relaxation gate.',
    });
  }
}
