/** The deployed stack's name (cheap to import: the CLI reads it without loading aws-cdk-lib). */
export const STACK_NAME = 'Riposte';

/** "block-ips" → "BlockIps": construct IDs and output keys from riposte's kebab-case names. */
export function pascalCase(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
}

/** Stack output that holds a playbook's state machine ARN (read by the CLI's --aws mode). */
export function playbookOutputKey(playbook: string): string {
  return `Playbook${pascalCase(playbook)}Arn`;
}

/** Metadata key that names the handler a function runs; the local runtime reads it from the template. */
export const HANDLER_METADATA = 'riposte:handler';

/** Metadata key naming the playbook a state machine runs; the local runtime reads it from the template. */
export const PLAYBOOK_METADATA = 'riposte:playbook';
