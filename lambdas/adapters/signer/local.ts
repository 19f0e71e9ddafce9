import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NamedError } from '../named-error.ts';
import type { ManifestSigner } from './port.ts';

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** A P-256 key pair in the state folder, made on first use; the same algorithm as the KMS key. */
export class LocalManifestSigner implements ManifestSigner {
  readonly keyId: string;
  private key: KeyObject | undefined;

  constructor(keyFile: string) {
    this.keyId = keyFile;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(sign('sha256', message, this.privateKey()));
  }

  async publicKeyPem(): Promise<string> {
    return String(createPublicKey(this.privateKey()).export({ type: 'spki', format: 'pem' }));
  }

  /**
   * The public key of the key that is there, never a new one: evidence verification uses this. A missing or
   * damaged key file is named, with what to do.
   */
  async existingPublicKeyPem(): Promise<string> {
    let text: string;
    try {
      text = readFileSync(this.keyId, 'utf8');
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      throw new NamedError(
        'SigningKeyMissing',
        `${this.keyId} does not exist: the local key that signed the manifests is gone, so their seals cannot be checked against it (riposte never makes a key to verify: a new one would fail every earlier seal). Restore the key file, or pass --public-key FILE with the public key you pinned elsewhere`,
      );
    }
    try {
      return String(createPublicKey(createPrivateKey(text)).export({ type: 'spki', format: 'pem' }));
    } catch {
      throw new NamedError(
        'SigningKeyDamaged',
        `${this.keyId} is not a PEM private key: restore the key file, or pass --public-key FILE with the public key you pinned elsewhere`,
      );
    }
  }

  private privateKey(): KeyObject {
    if (this.key) return this.key;
    try {
      this.key = createPrivateKey(readFileSync(this.keyId, 'utf8'));
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      mkdirSync(dirname(this.keyId), { recursive: true });
      try {
        // Owner-only, and never replace a key another process made first ('wx').
        writeFileSync(this.keyId, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
          mode: 0o600,
          flag: 'wx',
        });
        this.key = privateKey;
      } catch (raced) {
        if (errorCode(raced) !== 'EEXIST') throw raced;
        this.key = createPrivateKey(readFileSync(this.keyId, 'utf8'));
      }
    }
    return this.key;
  }
}
