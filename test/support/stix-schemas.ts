import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ROOT = path.resolve(import.meta.dirname, '../fixtures/stix-2.1-schemas/schemas');

/** A validator of STIX 2.1 bundles against the OASIS JSON Schemas (test/fixtures/stix-2.1-schemas). */
export function stixBundleValidator() {
  // The OASIS patterns use escapes (\-) that JavaScript rejects under the u flag: compile them without it.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  ajv.addFormat('idn-hostname', true);
  for (const dir of readdirSync(ROOT)) {
    for (const file of readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(path.join(ROOT, dir, file), 'utf8')));
    }
  }
  const bundle = ajv.getSchema(
    'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/bundle.json',
  );
  if (!bundle) throw new Error('bundle.json is not among the STIX schemas');
  return (value: unknown): string[] =>
    bundle(value) ? [] : (bundle.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
