import { z } from 'zod';
import type { AnyRouteSpec } from './define-route.ts';

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), messageVi: z.string() }) });

/**
 * The OpenAPI 3.1 document, built from the route table: the same zod schemas the routes parse
 * their bodies and queries with, turned into JSON Schema by zod. Each operation names the roles
 * allowed (`x-roles`).
 */
export function buildOpenApi({ routes }: { routes: readonly AnyRouteSpec[] }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' });
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (route.query) {
      const json = schema(route.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {}))
        parameters.push({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: property });
    }
    const security = route.access === 'public' ? [] : route.access === 'signed' ? [{ signedUrl: [] }] : [{ session: [] }];
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      'x-roles': route.access,
      security,
      parameters,
      ...(route.body && !route.rawBody ? { requestBody: { required: true, content: { 'application/json': { schema: schema(route.body, 'input') } } } } : {}),
      ...(route.rawBody ? { requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } } : {}),
      responses: {
        [String(route.status)]: {
          description: 'Success',
          ...(route.response ? { content: { 'application/json': { schema: schema(route.response, 'output') } } } : {}),
        },
        default: { description: 'Error: {error:{code,message,messageVi}}', content: { 'application/json': { schema: schema(ErrorSchema, 'output') } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'reportage web API',
      version: '1',
      description: 'JSON API of the reportage web app. Errors: {error:{code,message,messageVi}}. See shared/web/API.md.',
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'reportage_session',
          description: 'From an invite link (POST /i/{token}, the button of its page, or POST /api/session); state-changing requests also send x-csrf-token.',
        },
        signedUrl: { type: 'apiKey', in: 'query', name: 'sig', description: 'HMAC-signed, expiring URL handed out by the API.' },
      },
    },
    paths,
  };
}
