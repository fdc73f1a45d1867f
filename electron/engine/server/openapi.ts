/** The OpenAPI document, generated from the contract so it cannot drift from what is served. */
import { z } from 'zod'
import { binaryRoutes, methods, type BinaryRouteDef, type MethodDef } from '../../contract'

const envelope = (value: unknown) => ({
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean' }, value, error: { $ref: '#/components/schemas/Error' } },
})

const jsonSchema = (s: z.ZodType, io: 'input' | 'output') => {
  try {
    return z.toJSONSchema(s, { io, unrepresentable: 'any' })
  } catch {
    return {}
  }
}

export function buildOpenApi(appVersion: string) {
  const paths: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(methods) as [string, MethodDef][]) {
    const result = jsonSchema(def.result, 'output')
    const responses = {
      200: { description: 'ok', content: { 'application/json': { schema: envelope(result) } } },
      400: { description: 'invalid parameters' },
      401: { description: 'missing or wrong token' },
      403: { description: 'the token lacks the scope' },
    }
    paths[`/api/rpc/${name}`] = {
      post: {
        operationId: name,
        summary: `${def.summary} (scope: ${def.scope})`,
        requestBody: { content: { 'application/json': { schema: jsonSchema(def.params, 'input') } } },
        responses,
      },
    }
    if (def.http) {
      const params = jsonSchema(def.params, 'input') as { properties?: Record<string, unknown>; required?: string[] }
      const parameters = Object.entries(params.properties ?? {}).map(([key, schema]) => ({
        name: key,
        in: def.http!.pathParams?.includes(key) ? 'path' : 'query',
        required: def.http!.pathParams?.includes(key) ?? false,
        schema,
      }))
      paths[def.http.path] = { get: { operationId: `${name}.http`, summary: def.summary, parameters, responses } }
    }
  }
  for (const [name, def] of Object.entries(binaryRoutes) as [string, BinaryRouteDef][]) {
    const params = jsonSchema(def.params, 'input') as { properties?: Record<string, unknown> }
    paths[def.path] = {
      get: {
        operationId: name,
        summary: `${def.summary} (scope: ${def.scope})`,
        parameters: Object.entries(params.properties ?? {}).map(([key, schema]) => ({
          name: key,
          in: 'path',
          required: true,
          schema,
        })),
        responses: {
          200: {
            description: `the bytes, with X-Content-Type-Options: nosniff and Content-Disposition: inline${def.immutable ? '; immutable, cacheable, ETag' : ''}`,
            content: Object.fromEntries(
              def.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
            ),
          },
          304: { description: 'not modified (If-None-Match)' },
          400: { description: 'invalid parameters' },
          401: { description: 'missing or wrong token' },
          403: { description: 'the token lacks the scope' },
          404: { description: 'not found' },
        },
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Zhongshu hall engine',
      version: appVersion,
      description:
        'Every method of the contract as POST /api/rpc/{method} plus GET mappings. Replies are envelopes {ok, value|error}. ' +
        'Live events use the WebSocket protocol at /api/ws (see docs/architecture.md).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          properties: { code: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array' } },
        },
      },
    },
    paths,
  }
}
