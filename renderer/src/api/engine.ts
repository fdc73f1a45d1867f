/**
 * The one EngineClient of this window. Stores reach the engine through `engine()`;
 * components never touch the transport.
 */
import { EngineClient, type SocketLike } from './client'
import type { Session } from './session'
import { workerSocketOpener, type WorkerLike } from './workerSocket'

/** What stores use of the client (a fake can stand in for it in tests). */
export type Engine = Pick<
  EngineClient,
  'call' | 'on' | 'onState' | 'connect' | 'state' | 'setToken' | 'onSessionEnded' | 'setLiveDigest'
>

let client: Engine | null = null
let currentSession: Session | null = null

/**
 * Starts the one client. `operatorToken` (a signed-in operator's session kept by this tab) is
 * used instead of the hall token when given; `session()` keeps the hall token to fall back on.
 */
export function startEngine(session: Session, operatorToken: string | null = null): Engine {
  if (client) return client
  currentSession = session
  client = new EngineClient({
    url: session.wsUrl,
    token: operatorToken ?? session.token,
    openSocket: session.windowRole === 'wall' ? wallSocketOpener() : undefined,
  })
  return client
}

/**
 * A wall window receives the engine's live pushes in a worker (workerSocket.ts): in a storm they
 * are megabytes a second, and the wall shows a digest of them while it animates. Workstations keep
 * the socket on the page (their tests route it with Playwright's routeWebSocket, which sees only
 * the page's own sockets).
 */
function wallSocketOpener(): ((url: string) => SocketLike) | undefined {
  if (typeof Worker === 'undefined') return undefined
  return workerSocketOpener(
    () =>
      new Worker(new URL('./socketWorker.ts', import.meta.url), {
        type: 'module',
        name: 'engine-socket',
      }) as WorkerLike,
    (url) => new WebSocket(url),
  )
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
