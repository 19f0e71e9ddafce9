import type { Command } from 'commander';

/** `riposte playbooks`: the playbooks, their triggers and input schemas. */
export function registerPlaybooks(program: Command): void {
  program
    .command('playbooks')
    .description('list the playbooks, their triggers and input schemas')
    .option('--json', 'print the playbooks with their JSON Schemas')
    .action(async (options: { json?: boolean }) => {
      const { z } = await import('zod');
      const { PLAYBOOKS } = await import('../../../playbooks/index.ts');
      const { inputSummary } = await import('../launch.ts');
      const list = PLAYBOOKS.map((p) => ({
        id: p.id,
        title: p.title,
        trigger: p.trigger,
        inputs: inputSummary(p),
        inputSchema: z.toJSONSchema(p.input, { io: 'input' }),
        example: p.example,
      }));
      if (options.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else
        for (const p of list)
          process.stdout.write(
            `${p.id}\n  ${p.title}\n  trigger: ${p.trigger}\n  input (* required): ${p.inputs.join(', ')}\n  launch: npx riposte launch ${p.id} --input FILE\n`,
          );
    });
}
