import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { SIGNATURE_ALGORITHM } from '../../core/evidence-verify.ts';
import type { ManifestSigner } from './port.ts';

/**
 * Signs with a KMS ECC_NIST_P256 SIGN_VERIFY key. The message is hashed here and sent as a DIGEST:
 * RAW messages are limited to 4 KB and a manifest of many objects is larger; the signature is the same
 * DER ECDSA-SHA-256 that `openssl dgst -sha256 -verify` checks against the whole manifest.
 */
export class KmsManifestSigner implements ManifestSigner {
  constructor(
    private readonly client: KMSClient,
    readonly keyId: string,
  ) {}

  async sign(message: Uint8Array): Promise<Uint8Array> {
    const out = await this.client.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: createHash('sha256').update(message).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: SIGNATURE_ALGORITHM,
      }),
    );
    if (!out.Signature) throw new Error(`KMS returned no signature for key ${this.keyId}`);
    return out.Signature;
  }

  async publicKeyPem(): Promise<string> {
    const out = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (!out.PublicKey) throw new Error(`KMS returned no public key for ${this.keyId}`);
    return String(
      createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' }).export({
        type: 'spki',
        format: 'pem',
      }),
    );
  }
}
