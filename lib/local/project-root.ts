import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout riposte runs from: cdk.json, scenarios/ and the sources live here. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
