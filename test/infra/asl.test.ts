import '../../lib/local/polyfill.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { type AslDefinition, allStates, assertLocallyExecutable } from '../../lib/local/asl.ts';
import { resolveTokens, resourcesOfType } from '../../lib/local/cloudformation.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { synthesizeTemplate } from '../../lib/local/synthesize.ts';
import { PLAYBOOKS } from '../../playbooks/index.ts';

const template = synthesizeTemplate(loadConfig());
const machines = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').map((m) => ({
  playbook: String(m.metadata['riposte:playbook']),
  definition: JSON.parse(String(resolveTokens(m.properties.DefinitionString, template))) as AslDefinition,
}));

describe('state machine definitions', () => {
  it('synthesizes one state machine per playbook', () => {
    expect(machines.map((m) => m.playbook).sort()).toEqual(PLAYBOOKS.map((p) => p.id).sort());
  });

  for (const { playbook, definition } of machines) {
    describe(playbook, () => {
      it('is valid ASL (ARNs and paths checked) and runs locally without JSONata or variables', () => {
        expect(() => assertLocallyExecutable(definition)).not.toThrow();
        expect(
          () =>
            new StateMachine(structuredClone(definition) as never, {
              validationOptions: { checkArn: true, checkPaths: true },
            }),
        ).not.toThrow();
      });

      it('validates its input first and maps every task to a riposte function', () => {
        const first = definition.States[definition.StartAt];
        expect(first?.Type).toBe('Task');
        // relax has one step, whose handler validates the schedule's input by schema before anything else;
        // notify-users starts by drafting, whose handler validates the incident id first.
        expect(first?.Resource).toMatch(/function:(Validate(Alert|OperatorRequest)|RelaxStage|DraftNotices)/);
        const functions = new Set(resourcesOfType(template, 'AWS::Lambda::Function').map((f) => f.logicalId));
        for (const [name, state] of allStates(definition).filter(([, s]) => s.Type === 'Task')) {
          // A task-token wait names its function in Parameters; a plain invoke in Resource.
          const arn = String(state.Resource).endsWith('.waitForTaskToken')
            ? String((state.Parameters as { FunctionName?: string }).FunctionName)
            : String(state.Resource);
          expect(functions.has(arn.split(':').pop() ?? ''), name).toBe(true);
        }
      });

      it('catches every failure of a parallel branch so the other branches keep their work', () => {
        for (const [, state] of allStates(definition).filter(([, s]) => s.Type === 'Parallel')) {
          for (const branch of state.Branches ?? []) {
            for (const [name, inner] of Object.entries(branch.States).filter(([, s]) => s.Type === 'Task')) {
              expect(JSON.stringify(inner.Catch), name).toContain('States.ALL');
            }
          }
        }
      });
    });
  }
});

describe('the local runtime refuses what it cannot execute faithfully', () => {
  const base = (state: Record<string, unknown>): AslDefinition => ({
    StartAt: 'S',
    States: { S: { Type: 'Pass', End: true, ...state } },
  });

  it.each([
    ['JSONata', { QueryLanguage: 'JSONata' }, /QueryLanguage/],
    ['variables', { Assign: { x: 1 } }, /Assign/],
    ['Arguments', { Arguments: {} }, /Arguments/],
    ['Output', { Output: {} }, /Output/],
    ['ResultPath "$"', { ResultPath: '$' }, /ResultPath/],
  ])('refuses %s', (_name, state, message) => {
    expect(() => assertLocallyExecutable(base(state))).toThrow(message);
  });

  it('refuses a Distributed Map nested in a Parallel branch', () => {
    const definition = base({
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'M',
          States: {
            M: {
              Type: 'Map',
              End: true,
              ItemProcessor: { StartAt: 'X', States: {}, ProcessorConfig: { Mode: 'DISTRIBUTED' } },
            },
          },
        },
      ],
    });
    expect(() => assertLocallyExecutable(definition)).toThrow(/Distributed Map/);
  });

  it('refuses a JSONata machine as a whole', () => {
    expect(() => assertLocallyExecutable({ ...base({}), QueryLanguage: 'JSONata' })).toThrow(/JSONata/);
  });
});
