/** The contract methods `auth.*` and `operators.*`. */
import type { Handlers } from '../rpc/dispatcher'
import type { AuthService } from './auth-service'

type AuthMethod = Extract<keyof Handlers, `auth.${string}` | `operators.${string}`>

export function createAuthHandlers(auth: AuthService): Pick<Handlers, AuthMethod> {
  return {
    'auth.status': (_p, ctx) => auth.status(ctx),
    'auth.setup': (p, ctx) => auth.setup(p, ctx.peer),
    'auth.login': (p, ctx) => auth.login(p.username, p.password, ctx.peer),
    'auth.logout': (_p, ctx) => {
      auth.logout(ctx, ctx.peer)
      return { ok: true as const }
    },
    'auth.lock': (_p, ctx) => auth.lock(ctx, ctx.peer),
    'auth.unlock': (p, ctx) => auth.unlock(ctx, p.password, ctx.peer),
    'auth.changePassword': async (p, ctx) => {
      await auth.changePassword(ctx, p.currentPassword, p.newPassword, ctx.peer)
      return { ok: true as const }
    },
    'operators.list': () => ({ items: auth.list() }),
    'operators.create': (p, ctx) => auth.create(p, ctx.operator, ctx.peer),
    'operators.update': (p, ctx) => auth.update(p, ctx.operator, ctx.peer),
    'operators.setPassword': async (p, ctx) => {
      await auth.setPassword(p.id, p.password, ctx.operator, ctx.peer)
      return { ok: true as const }
    },
  }
}
