import { describe, expect, it } from 'vitest'
import {
  TOKEN_STORAGE_KEY,
  forgetStoredToken,
  resolveSession,
  takeTokenFromAddress,
  wsUrlFromHttpOrigin,
  type SessionEnvironment,
} from './session'

class MemoryStorage {
  data = new Map<string, string>()
  getItem(k: string) {
    return this.data.get(k) ?? null
  }
  setItem(k: string, v: string) {
    this.data.set(k, v)
  }
  removeItem(k: string) {
    this.data.delete(k)
  }
}

function browser(url: string) {
  const u = new URL(url)
  const replaced: string[] = []
  const env: SessionEnvironment = {
    location: { protocol: u.protocol, host: u.host, pathname: u.pathname, search: u.search, hash: u.hash },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, to?: string | URL | null) => void replaced.push(String(to)),
    },
    sessionStorage: new MemoryStorage(),
    localStorage: new MemoryStorage(),
  }
  return { env, replaced }
}

describe('session from the preload (Electron)', () => {
  it('uses the engine URL and token the preload exposes', () => {
    const { env } = browser('file:///app/index.html')
    env.preload = { engineUrl: 'http://127.0.0.1:7345', token: 's3cret', windowRole: 'wall' }
    expect(resolveSession(env)).toEqual({
      token: 's3cret',
      wsUrl: 'ws://127.0.0.1:7345/api/ws',
      windowRole: 'wall',
      origin: 'preload',
    })
  })
  it('maps https to wss', () => {
    expect(wsUrlFromHttpOrigin('https://hall.example:8443')).toBe('wss://hall.example:8443/api/ws')
  })
})

describe('session in a browser', () => {
  it('takes the token from the address, stores it and removes it from the address bar (keeping the hash)', () => {
    const { env, replaced } = browser('http://127.0.0.1:7345/?token=dev#/wall')
    const s = resolveSession(env)
    expect(s).toEqual({ token: 'dev', wsUrl: 'ws://127.0.0.1:7345/api/ws', windowRole: 'wall', origin: 'address' })
    expect(replaced).toEqual(['/#/wall'])
    expect(env.sessionStorage!.getItem(TOKEN_STORAGE_KEY)).toBe('dev')
    expect(env.localStorage!.getItem(TOKEN_STORAGE_KEY)).toBe('dev')
  })
  it('keeps other query parameters', () => {
    expect(takeTokenFromAddress({ pathname: '/', search: '?a=1&token=x', hash: '#/' })).toEqual({
      token: 'x',
      cleaned: '/?a=1#/',
    })
  })
  it('also accepts the token inside the hash route', () => {
    expect(takeTokenFromAddress({ pathname: '/', search: '', hash: '#/wall?token=abc' })).toEqual({
      token: 'abc',
      cleaned: '/#/wall',
    })
  })
  it('uses the stored token after a reload', () => {
    const { env, replaced } = browser('https://hall.lan/#/wall')
    env.localStorage!.setItem(TOKEN_STORAGE_KEY, 'kept')
    expect(resolveSession(env)).toMatchObject({ token: 'kept', wsUrl: 'wss://hall.lan/api/ws', origin: 'storage' })
    expect(replaced).toEqual([])
  })
  it('returns null when there is no token anywhere, and forgets a rejected one', () => {
    const { env } = browser('http://127.0.0.1:7345/')
    expect(resolveSession(env)).toBeNull()
    env.sessionStorage!.setItem(TOKEN_STORAGE_KEY, 'bad')
    forgetStoredToken(env)
    expect(resolveSession(env)).toBeNull()
  })
})
