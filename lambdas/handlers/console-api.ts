import { z } from 'zod';
import { awsBackend } from '../console/aws-backend.ts';
import { handleConsoleRequest } from '../console/routes.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/** API Gateway HTTP API (payload 2.0) with the Cognito JWT authorizer: the claims name the person. */
const HttpEvent = z.looseObject({
  rawPath: z.string(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  queryStringParameters: z.record(z.string(), z.string()).optional(),
  requestContext: z.looseObject({
    http: z.looseObject({ method: z.string() }),
    authorizer: z
      .looseObject({ jwt: z.looseObject({ claims: z.record(z.string(), z.unknown()) }) })
      .optional(),
  }),
});

/** Cognito puts groups in the token as a list, or as "[a b]" once API Gateway has flattened it. */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

const reply = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/** The deployed console's API: the same routes as `riposte console`, acting as the signed-in person. */
export const definition = defineHandler({
  name: 'console-api',
  input: HttpEvent,
  run: async (event, deps) => {
    const claims = event.requestContext.authorizer?.jwt.claims;
    const name = claims?.email ?? claims?.['cognito:username'];
    if (!claims || typeof name !== 'string') return reply(401, { error: 'sign in through the console' });
    let body: unknown;
    try {
      const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString() : event.body;
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return reply(400, { error: 'request body is not JSON' });
    }
    const response = await handleConsoleRequest(
      {
        method: event.requestContext.http.method,
        path: event.rawPath.replace(/^\/api/, ''),
        query: event.queryStringParameters ?? {},
        body,
      },
      { name: `cognito/${name}`, groups: groupsOf(claims['cognito:groups']) },
      awsBackend(deps),
    );
    return reply(response.status, response.body);
  },
});

export const handler = lambdaEntry(definition);
