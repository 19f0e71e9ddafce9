import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface EvidenceBucketProps {
  key: IKey;
  retentionDays: number;
  lockMode: 'GOVERNANCE' | 'COMPLIANCE';
}

/**
 * Write-once evidence: versioned, Object Lock by default, KMS-encrypted, TLS-only, private, access-logged;
 * and the asymmetric key that signs each incident's manifest.
 */
export class EvidenceBucket extends Construct {
  readonly bucket: Bucket;
  readonly signingKey: Key;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(3650) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the evidence bucket access logs; logging it to itself would loop.',
    });
    const retention =
      props.lockMode === 'COMPLIANCE'
        ? ObjectLockRetention.compliance(Duration.days(props.retentionDays))
        : ObjectLockRetention.governance(Duration.days(props.retentionDays));
    this.bucket = new Bucket(this, 'Bucket', {
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: retention,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Evidence is never deleted through riposte's bucket, whoever asks, nor its governance lock bypassed;
    // Object Lock covers the versions.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyEvidenceDeletion',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
    // Every upload says it is KMS-encrypted, so nothing lands under a weaker key by mistake.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyUnencryptedUploads',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      }),
    );
    // ECDSA P-256 keeps signatures small and is what `openssl dgst -sha256 -verify` checks out of the box.
    this.signingKey = new Key(this, 'SigningKey', {
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      description: 'riposte: signs evidence manifests',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
