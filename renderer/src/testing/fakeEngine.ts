/**
 * A stand-in for the EngineClient in store tests: calls wait until the test answers them, live
 * events are emitted by the test, the link state is set by the test.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, vi } from 'vitest'
import type { ConnectionState } from '../api/client'
import { useEngineForTests, type Engine } from '../api/engine'
import type { NewestDigest } from '../../../electron/contract/newest'

export interface PendingCall {
  method: string
  params: unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

export class FakeEngine {
  state: ConnectionState = 'closed'
  calls: PendingCall[] = []
  private handlers = new Map<string, Set<(data: unknown) => void>>()
  private stateHandlers = new Set<(s: ConnectionState) => void>()

  asEngine(): Engine {
    return this as unknown as Engine
  }

  call(method: string, params?: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => this.calls.push({ method, params, resolve, reject }))
  }

  on(event: string, handler: (data: unknown) => void) {
    let set = this.handlers.get(event)
    if (!set) this.handlers.set(event, (set = new Set()))
    set.add(handler)
    return () => set.delete(handler)
  }

  onState(handler: (s: ConnectionState) => void) {
    this.stateHandlers.add(handler)
    return () => this.stateHandlers.delete(handler)
  }

  connect() {
    this.setState('open')
  }

  /** Tokens the link was reopened with (operator sign-in / sign-out). */
  tokens: string[] = []
  private sessionEndedHandlers = new Set<() => void>()

  setToken(token: string) {
    this.tokens.push(token)
    this.setState('connecting')
    this.setState('open')
  }

  onSessionEnded(handler: () => void) {
    this.sessionEndedHandlers.add(handler)
    return () => this.sessionEndedHandlers.delete(handler)
  }

  endSession() {
    for (const h of this.sessionEndedHandlers) h()
  }

  setState(s: ConnectionState) {
    this.state = s
    for (const h of this.stateHandlers) h(s)
  }

  /** Digests the stores gave the link (contract/newest.ts), the latest last. */
  digests: (NewestDigest | null)[] = []
  setLiveDigest(digest: NewestDigest | null) {
    this.digests.push(digest)
  }

  emit(event: string, data: unknown) {
    for (const h of this.handlers.get(event) ?? []) h(data)
  }

  /** Removes and returns the oldest pending call of `method` (throws when there is none). */
  take(method: string): PendingCall {
    const i = this.calls.findIndex((c) => c.method === method)
    if (i < 0)
      throw new Error(`no pending call of ${method}; pending: ${this.calls.map((c) => c.method).join(', ') || 'none'}`)
    return this.calls.splice(i, 1)[0]
  }

  pendingCount(method: string) {
    return this.calls.filter((c) => c.method === method).length
  }

  /** Answers every pending app.getInfo (the connection store asks once per link epoch). */
  answerAppInfo(demoMode = true) {
    while (this.pendingCount('app.getInfo')) {
      this.take('app.getInfo').resolve({
        appVersion: '0.1.0',
        hallId: 'hall-test',
        topicRoot: 'zs',
        demoMode,
        timeZone: 'Asia/Shanghai',
        scopes: ['read', 'admin'],
      })
    }
  }
}

/** Lets promise callbacks and Vue's pre-flush watchers run. */
export async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await new Promise((r) => setTimeout(r, 0))
}

/**
 * For a describe block of store tests: before each test a fresh Pinia and a fresh FakeEngine in
 * place of the window's engine (given to `use`), with fake timers if asked; after it, all undone.
 */
export function withFakeEngine(use: (fake: FakeEngine) => void, opts: { fakeTimers?: boolean } = {}) {
  beforeEach(() => {
    if (opts.fakeTimers) vi.useFakeTimers()
    setActivePinia(createPinia())
    const fake = new FakeEngine()
    useEngineForTests(fake.asEngine())
    use(fake)
  })
  afterEach(() => {
    if (opts.fakeTimers) vi.useRealTimers()
    useEngineForTests(null)
  })
}
