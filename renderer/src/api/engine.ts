/**
 * The one EngineClient of this window. Stores reach the engine through `engine()`;
 * components never touch the transport.
 */
import { EngineClient } from './client'
import type { Session } from './session'

/** What stores use of the client (a fake can stand in for it in tests). */
export type Engine = Pick<EngineClient, 'call' | 'on' | 'onState' | 'connect' | 'state' | 'setToken' | 'onSessionEnded'>

let client: Engine | null = null
let currentSession: Session | null = null

/**
 * Starts the one client. `operatorToken` (a signed-in operator's session kept by this tab) is
 * used instead of the hall token when given; `session()` keeps the hall token to fall back on.
 */
export function startEngine(session: Session, operatorToken: string | null = null): Engine {
  if (client) return client
  currentSession = session
  client = new EngineClient({ url: session.wsUrl, token: operatorToken ?? session.token })
  return client
}

/** Tests: put a fake engine in place (or remove it with null). */
export function useEngineForTests(fake: Engine | null, session: Session | null = null) {
  client = fake
  currentSession = session
}

export function engine(): Engine {
  if (!client) throw new Error('engine client not started: call startEngine(session) first')
  return client
}

export function session(): Session | null {
  return currentSession
}
