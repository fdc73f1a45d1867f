/**
 * Where the engine is and which secret opens it.
 *
 * - Electron: the preload exposes `window.zhongshu = { engineUrl, token, windowRole }`.
 * - Browser: the page is opened once as `/?token=SECRET` (or `/?token=SECRET#/wall`); the token is
 *   kept in sessionStorage and localStorage (so a reloaded wall tab keeps working) and removed from
 *   the address bar. The WebSocket URL is derived from the page origin.
 */
import { WS_PATH } from '../../../electron/contract/wire'
import type { ZhongshuBridge } from '../../../electron/preload/bridge'

export type WindowRole = 'workstation' | 'wall'

export interface Session {
  token: string
  /** ws:// or wss:// URL of the engine's WebSocket endpoint. */
  wsUrl: string
  windowRole: WindowRole
  origin: 'preload' | 'address' | 'storage'
}

export const TOKEN_STORAGE_KEY = 'zhongshu.token'

interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface SessionEnvironment {
  location: Pick<Location, 'protocol' | 'host' | 'pathname' | 'search' | 'hash'>
  history: Pick<History, 'replaceState' | 'state'>
  sessionStorage?: StorageLike
  localStorage?: StorageLike
  preload?: ZhongshuBridge
}

/** http(s)://host:port → ws(s)://host:port/api/ws */
export function wsUrlFromHttpOrigin(httpUrl: string): string {
  const url = new URL(httpUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.pathname = WS_PATH
  url.search = ''
  url.hash = ''
  return url.toString()
}

/**
 * Takes `token` out of a query string. Returns the token (if any) and the query string without it
 * ('' or '?a=b').
 */
export function takeTokenFromQuery(query: string): { token: string | null; rest: string } {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query)
  const token = params.get('token')
  params.delete('token')
  const rest = params.toString()
  return { token: token && token.trim() ? token.trim() : null, rest: rest ? `?${rest}` : '' }
}

/**
 * Finds the token in the address bar: `?token=` before the hash, or (forgivingly) inside the hash
 * route `#/wall?token=`. Returns the cleaned path + query + hash to put back in the address bar.
 */
export function takeTokenFromAddress(loc: Pick<Location, 'pathname' | 'search' | 'hash'>): {
  token: string | null
  cleaned: string
} {
  const fromSearch = takeTokenFromQuery(loc.search)
  let hash = loc.hash
  let token = fromSearch.token
  const q = hash.indexOf('?')
  if (q >= 0) {
    const fromHash = takeTokenFromQuery(hash.slice(q + 1))
    token = token ?? fromHash.token
    hash = hash.slice(0, q) + fromHash.rest
  }
  return { token, cleaned: `${loc.pathname}${fromSearch.rest}${hash}` }
}

function safeGet(storage: StorageLike | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null
  } catch {
    return null
  }
}

function safeSet(storage: StorageLike | undefined, key: string, value: string) {
  try {
    storage?.setItem(key, value)
  } catch {
    /* storage disabled (private mode, quota): the session still works until reload */
  }
}

/** Resolves the session, or null when no token is available anywhere. */
export function resolveSession(env: SessionEnvironment): Session | null {
  if (env.preload?.token && env.preload.engineUrl) {
    return {
      token: env.preload.token,
      wsUrl: wsUrlFromHttpOrigin(env.preload.engineUrl),
      windowRole: env.preload.windowRole === 'wall' ? 'wall' : 'workstation',
      origin: 'preload',
    }
  }
  const wsUrl = `${env.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${env.location.host}${WS_PATH}`
  const windowRole: WindowRole = env.location.hash.startsWith('#/wall') ? 'wall' : 'workstation'

  const fromAddress = takeTokenFromAddress(env.location)
  if (fromAddress.token) {
    safeSet(env.sessionStorage, TOKEN_STORAGE_KEY, fromAddress.token)
    safeSet(env.localStorage, TOKEN_STORAGE_KEY, fromAddress.token)
    // The secret must not stay visible (screenshots, shoulder surfing, bookmarks).
    env.history.replaceState(env.history.state, '', fromAddress.cleaned)
    return { token: fromAddress.token, wsUrl, windowRole, origin: 'address' }
  }
  const stored = safeGet(env.sessionStorage, TOKEN_STORAGE_KEY) ?? safeGet(env.localStorage, TOKEN_STORAGE_KEY)
  if (stored) {
    safeSet(env.sessionStorage, TOKEN_STORAGE_KEY, stored)
    return { token: stored, wsUrl, windowRole, origin: 'storage' }
  }
  return null
}

/** Forgets a token the engine rejected, so the next load shows how to open the page again. */
export function forgetStoredToken(env: Pick<SessionEnvironment, 'sessionStorage' | 'localStorage'>) {
  for (const s of [env.sessionStorage, env.localStorage]) {
    try {
      s?.removeItem(TOKEN_STORAGE_KEY)
    } catch {
      /* ignore */
    }
  }
}

export function browserSessionEnvironment(): SessionEnvironment {
  const tryStorage = (get: () => Storage): StorageLike | undefined => {
    try {
      return get()
    } catch {
      return undefined
    }
  }
  return {
    location: window.location,
    history: window.history,
    sessionStorage: tryStorage(() => window.sessionStorage),
    localStorage: tryStorage(() => window.localStorage),
    preload: window.zhongshu,
  }
}
