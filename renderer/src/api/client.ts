/**
 * The only way the UI reaches the engine: a typed client built from the contract,
 * speaking the wire protocol over one WebSocket. Reconnects by itself with backoff;
 * calls made while disconnected wait for the connection (or fail after a timeout).
 */
// Runtime values from wire.ts only: the contract index also builds the zod schemas, which the
// renderer never needs (keeps zod out of the UI bundle). Types are erased.
import {
  CLOSE_SESSION_ENDED,
  CLOSE_UNAUTHORIZED,
  WIRE_PROTOCOL_VERSION,
  WS_PATH,
} from '../../../electron/contract/wire'
import type {
  ClientFrame,
  ContractError,
  LiveEventData,
  LiveEventName,
  MethodName,
  MethodParams,
  MethodResult,
  Scope,
  ServerFrame,
} from '../../../electron/contract'
import type { NewestDigest } from '../../../electron/contract/newest'

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized'

export class CallError extends Error {
  constructor(readonly error: ContractError) {
    super(error.message)
    this.name = 'CallError'
  }
  get code() {
    return this.error.code
  }
}

interface Pending {
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
  timer: ReturnType<typeof setTimeout>
}

/**
 * The part of the WebSocket interface the client uses; a worker-held socket (workerSocket.ts)
 * provides it too. The handlers read only `data` and `code` of the events.
 */
export interface SocketLike {
  readonly readyState: number
  onopen: ((ev: Event) => void) | null
  onmessage: ((ev: MessageEvent) => void) | null
  onclose: ((ev: CloseEvent) => void) | null
  send(data: string): void
  close(): void
  /** Only a socket received off the page narrows `events.onDidChange` (contract/newest.ts). */
  digest?(digest: NewestDigest | null): void
}

export interface EngineClientOptions {
  /** e.g. ws://127.0.0.1:7345/api/ws — defaults to the page's own origin. */
  url?: string
  token: string
  callTimeoutMs?: number
  /** Opens the socket: defaults to the page's WebSocket (a wall window's is in a worker; tests inject). */
  openSocket?: (url: string) => SocketLike
}

export function defaultEngineUrl(loc: Location = window.location) {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${loc.host}${WS_PATH}`
}

export class EngineClient {
  private ws: SocketLike | null = null
  private nextId = 1
  private pending = new Map<number, Pending>()
  private listeners = new Map<string, Set<(data: unknown) => void>>()
  private stateListeners = new Set<(s: ConnectionState) => void>()
  private waiters: (() => void)[] = []
  private retryMs = 250
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private closedByUser = false
  private token: string
  private sessionEndedListeners = new Set<() => void>()
  state: ConnectionState = 'closed'
  scopes: Scope[] = []
  appVersion = ''

  constructor(private readonly opts: EngineClientOptions) {
    this.token = opts.token
  }

  /**
   * Opens the link again with another token (an operator signed in or out). Pending calls fail
   * with `unavailable`; subscriptions are renewed on the new link.
   */
  setToken(token: string) {
    if (token === this.token && this.state === 'open') return
    this.token = token
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryMs = 250
    const old = this.ws
    this.ws = null
    if (old) {
      old.onclose = null
      old.onmessage = null
      old.close()
      this.failPending('connection renewed')
    }
    if (!this.closedByUser) this.open()
  }

  /** The operator session this link was opened with ended (signed out elsewhere, expired). */
  onSessionEnded(handler: () => void): () => void {
    this.sessionEndedListeners.add(handler)
    return () => this.sessionEndedListeners.delete(handler)
  }

  private failPending(message: string) {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(new CallError({ code: 'unavailable', message }))
    }
    this.pending.clear()
  }

  connect() {
    this.closedByUser = false
    this.open()
  }

  close() {
    this.closedByUser = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.ws?.close()
    this.setState('closed')
  }

  /** Call a contract method; resolves with its value or rejects with a CallError. */
  async call<M extends MethodName>(
    method: M,
    ...args: undefined extends MethodParams<M> ? [params?: MethodParams<M>] : [params: MethodParams<M>]
  ): Promise<MethodResult<M>> {
    await this.ready()
    // ready() also releases waiters when the token is rejected: do not send on a closed socket.
    if (this.state !== 'open' || !this.ws) throw new CallError({ code: 'unauthorized', message: 'token rejected' })
    const id = this.nextId++
    const frame: ClientFrame = { t: 'call', id, method, params: args[0] }
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new CallError({ code: 'unavailable', message: `${method} timed out` }))
      }, this.opts.callTimeoutMs ?? 15000)
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer })
      this.ws!.send(JSON.stringify(frame))
    })
  }

  /** Listen to a live event; returns the function that stops listening. */
  on<E extends LiveEventName>(event: E, handler: (data: LiveEventData<E>) => void): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
      this.send({ t: 'sub', events: [event] })
    }
    set.add(handler as (d: unknown) => void)
    return () => {
      set!.delete(handler as (d: unknown) => void)
      if (set!.size === 0) {
        this.listeners.delete(event)
        this.send({ t: 'unsub', events: [event] })
      }
    }
  }

  /**
   * Tells the link that this window shows only the newest few events: `events.onDidChange` may
   * then bring only the changes of those and the events that become one of them (contract/newest.ts);
   * null: every change again. A hint, for the link on which it is given: only a socket received
   * off the page (a wall window's) applies it, where it saves parsing; a new link brings
   * everything until it is given again.
   */
  setLiveDigest(digest: NewestDigest | null) {
    this.ws?.digest?.(digest)
  }

  onState(handler: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(handler)
    return () => this.stateListeners.delete(handler)
  }

  private ready(): Promise<void> {
    if (this.state === 'open') return Promise.resolve()
    if (this.state === 'unauthorized')
      return Promise.reject(new CallError({ code: 'unauthorized', message: 'token rejected' }))
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  private send(frame: ClientFrame) {
    if (this.state === 'open' && this.ws?.readyState === 1) this.ws.send(JSON.stringify(frame))
  }

  private setState(s: ConnectionState) {
    if (this.state === s) return
    this.state = s
    for (const l of this.stateListeners) l(s)
  }

  private open() {
    this.setState('connecting')
    const url = this.opts.url ?? defaultEngineUrl()
    const ws = this.opts.openSocket ? this.opts.openSocket(url) : new WebSocket(url)
    this.ws = ws
    ws.onopen = () => {
      const hello: ClientFrame = {
        t: 'hello',
        token: this.token,
        protocol: WIRE_PROTOCOL_VERSION,
        client: 'renderer',
      }
      ws.send(JSON.stringify(hello))
    }
    ws.onmessage = (ev) => this.receive(typeof ev.data === 'string' ? ev.data : String(ev.data))
    ws.onclose = (ev) => {
      if (this.ws !== ws) return
      this.failPending('connection lost')
      if (ev.code === CLOSE_SESSION_ENDED) {
        // Not a wrong hall secret: the listeners switch back to the hall token (sign-in page).
        this.setState('connecting')
        for (const l of this.sessionEndedListeners) l()
        return
      }
      if (ev.code === CLOSE_UNAUTHORIZED) {
        this.setState('unauthorized')
        for (const w of this.waiters.splice(0)) w()
        return
      }
      if (this.closedByUser) return
      this.setState('connecting')
      this.retryTimer = setTimeout(() => this.open(), this.retryMs)
      this.retryMs = Math.min(this.retryMs * 2, 5000)
    }
  }

  private receive(text: string) {
    let frame: ServerFrame
    try {
      frame = JSON.parse(text) as ServerFrame
    } catch {
      return
    }
    switch (frame.t) {
      case 'welcome':
        this.scopes = frame.scopes as Scope[]
        this.appVersion = frame.appVersion
        this.retryMs = 250
        this.setState('open')
        if (this.listeners.size)
          this.ws!.send(JSON.stringify({ t: 'sub', events: [...this.listeners.keys()] } satisfies ClientFrame))
        for (const w of this.waiters.splice(0)) w()
        break
      case 'reply': {
        const p = this.pending.get(frame.id)
        if (!p) return
        this.pending.delete(frame.id)
        clearTimeout(p.timer)
        if (frame.ok) p.resolve(frame.value)
        else p.reject(new CallError(frame.error))
        break
      }
      case 'event':
        for (const h of this.listeners.get(frame.name) ?? []) h(frame.data)
        break
      case 'bye':
        break
    }
  }
}
