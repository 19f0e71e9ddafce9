/** A state machine definition (Amazon States Language) as plain JSON. */
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: string;
}
export interface AslState {
  Type: string;
  Resource?: string;
  Branches?: AslDefinition[];
  Iterator?: AslDefinition;
  ItemProcessor?: AslDefinition & { ProcessorConfig?: { Mode?: string } };
  Retry?: unknown[];
  [field: string]: unknown;
}

/** Fields aws-local-stepfunctions would silently ignore, running with wrong data instead of failing. */
const UNSUPPORTED_FIELDS = [
  'QueryLanguage',
  'Arguments',
  'Output',
  'Assign',
  'ItemReader',
  'ResultWriter',
  'ItemBatcher',
];

export class UnsupportedDefinitionError extends Error {
  override name = 'UnsupportedDefinition';
}

/** Refuse definitions the local interpreter cannot execute faithfully (JSONata, variables, Distributed Map). */
export function assertLocallyExecutable(definition: AslDefinition, where = 'definition'): void {
  if (definition.QueryLanguage && definition.QueryLanguage !== 'JSONPath') {
    throw new UnsupportedDefinitionError(
      `${where}: QueryLanguage ${definition.QueryLanguage} is not supported locally; write playbooks in JSONPath`,
    );
  }
  for (const [name, state] of Object.entries(definition.States)) {
    for (const field of UNSUPPORTED_FIELDS) {
      if (field in state) {
        throw new UnsupportedDefinitionError(
          `${where}, state "${name}": ${field} is not supported locally; write playbooks in JSONPath without variables`,
        );
      }
    }
    if (state.ResultPath === '$') {
      // aws-local-stepfunctions stores the result under a key named "$" instead of replacing the input.
      throw new UnsupportedDefinitionError(
        `${where}, state "${name}": omit ResultPath "$" (it is the default); the local interpreter mishandles it`,
      );
    }
    if (state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED') {
      throw new UnsupportedDefinitionError(
        `${where}, state "${name}": Distributed Map is not supported locally`,
      );
    }
    for (const child of childDefinitions(state)) assertLocallyExecutable(child, `${where} > ${name}`);
  }
}

/** Every state of the machine, branches and map iterators included (names are unique machine-wide). */
export function allStates(definition: AslDefinition): [string, AslState][] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...childDefinitions(state).flatMap(allStates),
  ]);
}

function childDefinitions(state: AslState): AslDefinition[] {
  return [
    ...(state.Branches ?? []),
    ...(state.Iterator ? [state.Iterator] : []),
    ...(state.ItemProcessor ? [state.ItemProcessor] : []),
  ];
}
