/**
 * Signs evidence manifests with an asymmetric key whose private half never leaves its keeper (KMS on AWS,
 * the state folder locally). Both produce DER ECDSA P-256 / SHA-256 signatures, so one verifier serves both.
 */
export interface ManifestSigner {
  /** Which key signs (KMS key ARN, or the local key file). */
  readonly keyId: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
  publicKeyPem(): Promise<string>;
}
