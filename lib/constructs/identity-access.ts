import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RiposteConfig } from '../../lambdas/core/config.ts';

/**
 * What the contain step may touch beyond Cognito and the session table: the secrets of the configured
 * HTTP providers, and the IAM roles and users the configuration maps accounts to — nothing else.
 */
export function grantIdentityAccess(stack: Stack, fn: IFunction, config: RiposteConfig) {
  const { identity } = config;
  const secretIds = (['okta', 'entra', 'auth0'] as const)
    .filter((p) => identity.providers.includes(p))
    .flatMap((p) => identity[p]?.secretId ?? []);
  if (secretIds.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: secretIds.map((id) => secretArn(stack, id)),
      }),
    );
  }
  if (!identity.providers.includes('iam') || !identity.iam) return;
  const roles = Object.values(identity.iam.roles);
  const users = Object.values(identity.iam.users);
  const arn = (resource: string, name: string) =>
    stack.formatArn({ service: 'iam', region: '', resource, resourceName: name });
  if (roles.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
        resources: roles.map((r) => arn('role', r)),
      }),
    );
  }
  if (users.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'iam:GetUser',
          'iam:GetUserPolicy',
          'iam:PutUserPolicy',
          'iam:DeleteUserPolicy',
          'iam:GetLoginProfile',
          'iam:UpdateLoginProfile',
          'iam:DeleteLoginProfile',
          'iam:ListAccessKeys',
          'iam:UpdateAccessKey',
          'iam:ListGroupsForUser',
        ],
        resources: users.map((u) => arn('user', u)),
      }),
    );
  }
}

/** A full ARN as is; a name becomes the ARN Secrets Manager gives it (name plus a random 6-character suffix). */
export function secretArn(stack: Stack, id: string): string {
  if (id.startsWith('arn:')) return id;
  return Stack.of(stack).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${id}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
