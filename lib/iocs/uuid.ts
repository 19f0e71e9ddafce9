import { createHash } from 'node:crypto';

/** RFC 9562 (was 4122) version-5 UUID: SHA-1 of the namespace's bytes and the name, so a name always gives one id. */
export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  if (ns.length !== 16) throw new Error(`"${namespace}" is not a UUID`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The namespace of riposte's STIX ids: uuidv5('riposte', the RFC's URL namespace). */
export const RIPOSTE_NAMESPACE = uuidv5(
  'https://github.com/riposte/stix',
  '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
);
