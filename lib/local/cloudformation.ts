/**
 * Turns a synthesized CloudFormation template into what the local runtime needs: resources by type, with
 * intrinsic functions resolved to stable placeholders derived from logical IDs.
 */
export interface Template {
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
  >;
}

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

const ARN_SERVICE: Record<string, (id: string) => string> = {
  'AWS::Lambda::Function': (id) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}`,
  'AWS::StepFunctions::StateMachine': (id) =>
    `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${id}`,
  'AWS::SNS::Topic': (id) => `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`,
  'AWS::DynamoDB::Table': (id) => `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${id}`,
};

export class UnresolvableTokenError extends Error {
  override name = 'UnresolvableToken';
}

/** Resolve Ref, Fn::GetAtt, Fn::Join and pseudo parameters; anything else is refused loudly. */
export function resolveTokens(value: unknown, template: Template): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveTokens(v, template));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    const [fn, arg] = first;
    if (fn === 'Ref') return ref(String(arg), template);
    if (fn === 'Fn::GetAtt') {
      const [id, attr] = arg as [string, string];
      return getAtt(id, attr, template);
    }
    if (fn === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return (resolveTokens(parts, template) as unknown[]).map(String).join(sep);
    }
    throw new UnresolvableTokenError(
      `the local runtime cannot resolve ${fn} (${JSON.stringify(arg).slice(0, 80)})`,
    );
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveTokens(v, template)]));
}

function ref(id: string, template: Template): string {
  const pseudo: Record<string, string> = {
    'AWS::Region': LOCAL_REGION,
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (pseudo[id]) return pseudo[id];
  const resource = template.Resources[id];
  if (!resource) throw new UnresolvableTokenError(`Ref to unknown resource ${id}`);
  // Ref of a topic or state machine is its ARN; of most other resources, its name: the logical ID here.
  if (resource.Type === 'AWS::SNS::Topic' || resource.Type === 'AWS::StepFunctions::StateMachine') {
    return getAtt(id, 'Arn', template);
  }
  return id;
}

function getAtt(id: string, attr: string, template: Template): string {
  const resource = template.Resources[id];
  if (!resource) throw new UnresolvableTokenError(`Fn::GetAtt of unknown resource ${id}`);
  if (attr === 'Arn')
    return (ARN_SERVICE[resource.Type] ?? ((i) => `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${i}`))(id);
  return id;
}

export function resourcesOfType(template: Template, type: string) {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([logicalId, r]) => ({ logicalId, properties: r.Properties ?? {}, metadata: r.Metadata ?? {} }));
}
