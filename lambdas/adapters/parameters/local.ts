import { renameSync, writeFileSync } from 'node:fs';
import { NamedError } from '../named-error.ts';
import { readStateFile } from '../state-file.ts';
import type { ParameterStore } from './port.ts';

/** Parameter Store's standard tier, locally: hierarchical names, 4 KB values, a version per write. */
export class LocalParameterStore implements ParameterStore {
  private readonly values = new Map<string, { value: string; version: number }>();

  constructor(private readonly file?: string) {
    if (file)
      for (const [name, p] of Object.entries(
        readStateFile<Record<string, { value: string; version: number }>>(
          file,
          'the local SSM parameters',
          'object',
        ) ?? {},
      ))
        this.values.set(name, p);
  }

  async get(name: string): Promise<string | undefined> {
    return this.values.get(name)?.value;
  }

  async put(name: string, value: string): Promise<void> {
    if (!/^\/[\w.\-/]{1,1010}$/.test(name))
      throw new NamedError(
        'ValidationException',
        `parameter name "${name}" is not a valid hierarchical name`,
      );
    if (value.length === 0 || Buffer.byteLength(value) > 4096)
      throw new NamedError('ValidationException', 'a standard parameter value is 1 to 4096 bytes');
    this.values.set(name, { value, version: (this.values.get(name)?.version ?? 0) + 1 });
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(Object.fromEntries(this.values)));
    renameSync(`${this.file}.tmp`, this.file);
  }

  /** How many times a parameter was written (tests). */
  version(name: string): number {
    return this.values.get(name)?.version ?? 0;
  }
}
