import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { KmsManifestSigner } from '../../lambdas/adapters/signer/kms.ts';
import { LocalManifestSigner } from '../../lambdas/adapters/signer/local.ts';
import { verifySignature } from '../../lambdas/core/evidence-verify.ts';

const manifest = new TextEncoder().encode(
  `${JSON.stringify({ incidentId: 'INC-1', objects: [] }, null, 2)}\n`,
);
const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new Error(`unexpected request body ${typeof body}`);
}

/**
 * A real KMS client whose HTTP layer records each signed request and answers like KMS would for a P-256
 * SIGN_VERIFY key held by the test: DER signatures, the public key as DER SubjectPublicKeyInfo.
 */
function fakeKms() {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const requests: { target: string; body: Record<string, string> }[] = [];
  const requestHandler = {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const target =
        Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1] ?? '';
      const body = JSON.parse(bodyText(request.body)) as Record<string, string>;
      requests.push({ target, body });
      // The fake knows the manifest: it signs it as KMS signs the digest it was sent.
      const answer = target.endsWith('.Sign')
        ? {
            KeyId: keyArn,
            SigningAlgorithm: 'ECDSA_SHA_256',
            Signature: sign('sha256', manifest, key.privateKey).toString('base64'),
          }
        : {
            KeyId: keyArn,
            KeySpec: 'ECC_NIST_P256',
            KeyUsage: 'SIGN_VERIFY',
            PublicKey: key.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
          };
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' },
          body: Readable.from([Buffer.from(JSON.stringify(answer))]),
        },
      };
    },
  };
  const client = new KMSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
    requestHandler,
  });
  return { client, requests };
}

describe('KmsManifestSigner', () => {
  it('sends the SHA-256 digest (MessageType DIGEST, ECDSA_SHA_256) and its signature verifies over the whole manifest', async () => {
    const { client, requests } = fakeKms();
    const signer = new KmsManifestSigner(client, keyArn);
    const signature = await signer.sign(manifest);
    const pem = await signer.publicKeyPem();
    expect(requests.map((r) => r.target)).toEqual(['TrentService.Sign', 'TrentService.GetPublicKey']);
    expect(requests[0]?.body).toEqual({
      KeyId: keyArn,
      Message: createHash('sha256').update(manifest).digest('base64'),
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(verifySignature(manifest, signature, pem)).toBe(true);
    expect(verifySignature(new TextEncoder().encode('{}'), signature, pem)).toBe(false);
  });
});

describe('LocalManifestSigner', () => {
  it('makes an owner-only P-256 key once and keeps signing with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-signer-'));
    const file = join(dir, 'state', 'evidence-signing-key.pem');
    const first = new LocalManifestSigner(file);
    const signature = await first.sign(manifest);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = new LocalManifestSigner(file);
    expect(await again.publicKeyPem()).toBe(await first.publicKeyPem());
    expect(verifySignature(manifest, signature, await again.publicKeyPem())).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('LocalManifestSigner.existingPublicKeyPem (what evidence verify uses)', () => {
  it('never makes a key: a missing key file is named and stays missing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'riposte-key-')), 'evidence-signing-key.pem');
    await expect(new LocalManifestSigner(file).existingPublicKeyPem()).rejects.toThrow(
      new RegExp(`${file} does not exist: .*riposte never makes a key to verify.*--public-key FILE`),
    );
    expect(existsSync(file)).toBe(false);
  });

  it('names a garbage key file, and reads a real one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-key-'));
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a key');
    await expect(new LocalManifestSigner(garbage).existingPublicKeyPem()).rejects.toThrow(
      `${garbage} is not a PEM private key`,
    );
    const real = new LocalManifestSigner(join(dir, 'real.pem'));
    const made = await real.publicKeyPem();
    expect(await new LocalManifestSigner(join(dir, 'real.pem')).existingPublicKeyPem()).toBe(made);
  });
});
