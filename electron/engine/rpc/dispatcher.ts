/**
 * One dispatcher for every transport: validate params → check scope → call → envelope.
 * Handlers get parsed params; any thrown ContractFailure becomes its error envelope, anything
 * else an `internal` error whose details stay in the engine log.
 */
import { z } from 'zod'
import {
  ContractFailure,
  methods,
  scopeAllows,
  type Envelope,
  type MethodName,
  type MethodResult,
  type Methods,
} from '../../contract'
import type { Credential } from '../auth/auth-service'
import { describeIssues } from '../domain/decode'

export type Handlers = {
  [M in MethodName]: (
    params: z.output<Methods[M]['params']>,
    ctx: CallContext,
  ) => MethodResult<M> | Promise<MethodResult<M>>
}

/** Who calls (scopes, and the operator when signed in) and from where. */
export interface CallContext extends Credential {
  peer: string
}

export function createDispatcher(handlers: Handlers, log: (msg: string) => void = () => {}) {
  return async function dispatch(method: string, rawParams: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    if (!Object.hasOwn(methods, method)) {
      return { ok: false, error: { code: 'unknown_method', message: `unknown method ${method}` } }
    }
    const name = method as MethodName
    const def = methods[name]
    if (!scopeAllows(ctx.scopes, def.scope)) {
      if (ctx.locked)
        return { ok: false, error: { code: 'locked', message: 'the session is locked: unlock it with the password' } }
      return { ok: false, error: { code: 'forbidden', message: `${method} needs the ${def.scope} scope` } }
    }
    const parsed = (def.params as z.ZodType).safeParse(rawParams ?? {})
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'invalid_params',
          message: describeIssues(parsed.error.issues),
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        },
      }
    }
    try {
      const handler = handlers[name] as (p: unknown, c: CallContext) => unknown
      const value = await handler(parsed.data, ctx)
      return { ok: true, value }
    } catch (e) {
      if (e instanceof ContractFailure) return { ok: false, error: e.toJSON() }
      log(`${method} failed: ${(e as Error).stack ?? String(e)}`)
      return { ok: false, error: { code: 'internal', message: 'internal error' } }
    }
  }
}
export type Dispatch = ReturnType<typeof createDispatcher>
