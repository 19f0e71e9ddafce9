import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { launchName } from '../../lambdas/core/launch-name.ts';
import { parseInput } from '../../lambdas/core/validate.ts';
import { PLAYBOOKS } from '../../playbooks/index.ts';
import type { Playbook } from '../../playbooks/types.ts';
import { type OperatorOptions, type OperatorResult, runLocally, runOnAws } from './operator.ts';

/** A playbook by id, or an error listing the ones there are. */
export function findPlaybook(id: string): Playbook {
  const playbook = PLAYBOOKS.find((p) => p.id === id);
  if (!playbook) throw new Error(`no playbook "${id}"; there are: ${PLAYBOOKS.map((p) => p.id).join(', ')}`);
  return playbook;
}

/** Read and check a playbook input file: the same schema the playbook's first state applies. */
export function readInput(playbook: Playbook, file: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file}: ${(error as Error).message}. See \`riposte playbooks --json\` for an example input.`,
    );
  }
  try {
    parseInput(playbook.input, raw);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}. See \`riposte playbooks --json\` for the schema.`);
  }
  return raw as Record<string, unknown>;
}

/** `riposte launch PLAYBOOK --input FILE`: start a playbook by hand, locally or on the deployed stack. */
export async function launchPlaybook(
  id: string,
  file: string,
  options: OperatorOptions,
): Promise<OperatorResult> {
  const playbook = findPlaybook(id);
  const input = readInput(playbook, file);
  const name = launchName(playbook.id, input);
  return options.aws
    ? runOnAws(playbook.id, name, input, options)
    : runLocally(playbook.id, name, input, options);
}

/** One line per input field for `riposte playbooks`: name, type, * when required. */
export function inputSummary(playbook: Playbook): string[] {
  const schema = z.toJSONSchema(playbook.input, { io: 'input' }) as {
    properties?: Record<string, { type?: string; items?: { type?: string }; enum?: unknown[] }>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const type = p.enum
      ? p.enum.join('|')
      : p.type === 'array'
        ? `${p.items?.type ?? 'value'}[]`
        : (p.type ?? 'value');
    return `${name}${required.has(name) ? '*' : ''}: ${type}`;
  });
}
