import { Readable } from 'node:stream';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { SecretsManagerSource } from '../../lambdas/adapters/secrets/aws.ts';

/** A real Secrets Manager client whose HTTP layer records requests and answers like the service. */
function fakeSecrets(answer: (secretId: string) => { status: number; body: unknown }) {
  const asked: string[] = [];
  const client = new SecretsManagerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { body?: unknown }) {
        const text =
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array);
        const { SecretId } = JSON.parse(text) as { SecretId: string };
        asked.push(SecretId);
        const reply = answer(SecretId);
        return {
          response: {
            statusCode: reply.status,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(JSON.stringify(reply.body))]),
          },
        };
      },
    },
  });
  return { client, asked };
}

describe('SecretsManagerSource', () => {
  it('reads a JSON secret once and serves it from cache until it is 5 minutes old', async () => {
    let now = 0;
    const { client, asked } = fakeSecrets(() => ({
      status: 200,
      body: {
        ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:riposte/okta-AbCdEf',
        Name: 'riposte/okta',
        SecretString: '{"apiToken":"t0k"}',
      },
    }));
    const secrets = new SecretsManagerSource(client, () => now);
    await expect(secrets.get('riposte/okta')).resolves.toEqual({ apiToken: 't0k' });
    now = 299_000;
    await secrets.get('riposte/okta');
    expect(asked).toEqual(['riposte/okta']);
    now = 301_000;
    await secrets.get('riposte/okta');
    expect(asked).toHaveLength(2);
  });

  it('names a missing secret and a malformed one without echoing its value', async () => {
    const { client } = fakeSecrets((id) =>
      id === 'missing'
        ? {
            status: 400,
            body: {
              __type: 'ResourceNotFoundException',
              message: "Secrets Manager can't find the specified secret.",
            },
          }
        : { status: 200, body: { Name: id, SecretString: 'hunter2' } },
    );
    const secrets = new SecretsManagerSource(client);
    await expect(secrets.get('missing')).rejects.toMatchObject({
      name: 'SecretNotFound',
      message: expect.stringContaining('secret missing does not exist'),
    });
    const error = await secrets.get('plain').catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'InvalidSecret' });
    expect((error as Error).message).not.toContain('hunter2');
  });
});
