/**
 * The engine's WebSocket held by a dedicated worker (wall windows; see engine.ts).
 *
 * Why: in a storm the engine pushes the latest state of every event that changed each 100 ms —
 * hundreds of summaries, 0.3–0.5 MB a frame. Receiving a frame (reading it off the network and
 * decoding it; with DevTools attached, as under Playwright, also copying it to the debugger) is
 * native work on the thread that owns the socket: a 0.5 MB frame cost the page's main thread
 * ≈ 5 ms without DevTools and ≈ 23 ms under Playwright, then its parsing and handling; on a
 * saturated 2-core machine these were most of the wall's long tasks in `bench/wall-storm.ts`. A
 * worker receives beside the page; the page gets each message's text and parses it as before
 * (EngineClient), so the wire protocol and the stores stay as they are. Being off the page, the
 * worker can also narrow `events.onDidChange` to what the page shows (`digest`, contract/newest.ts): the
 * wall then parses a few dozen summaries a batch, not hundreds.
 *
 * Two halves, both plain and unit-tested: `createSocketRelay` runs in the worker (socketWorker.ts)
 * and drives one WebSocket on the page's commands; `WorkerSocket` is the page's stand-in for
 * `WebSocket`, the part of its interface EngineClient uses.
 */
import type { EventSummary } from '../../../electron/contract'
import type { ClientFrame, ServerFrame } from '../../../electron/contract/wire'
import type { SocketLike } from './client'
import { createNewestDigest, DIGESTED_EVENT, type NewestDigest } from '../../../electron/contract/newest'

/** Page → worker. */
export type RelayCommand =
  | { t: 'open'; url: string }
  | { t: 'send'; data: string }
  | { t: 'close'; code?: number; reason?: string }
  /** Narrow `events.onDidChange` to what the page shows (contract/newest.ts); null: everything again. */
  | { t: 'digest'; digest: NewestDigest | null }

/**
 * The newest events sent to the page are tracked from the link's opening (digest given or not), so
 * a digest given later also covers what was already on its way to the page. At least FEED_SIZE.
 */
const TRACKED_BEFORE_DIGEST = 100

/** Worker → page. */
export type RelayReport =
  | { t: 'open' }
  | { t: 'message'; data: unknown }
  | { t: 'close'; code: number; reason: string; wasClean: boolean }
  | { t: 'error' }

/** What the page needs of a Worker (a fake stands in for it in tests). */
export interface WorkerLike {
  postMessage(command: RelayCommand): void
  onmessage: ((ev: { data: RelayReport }) => void) | null
  onerror: ((ev: unknown) => void) | null
  terminate(): void
}

interface RelayedSocket {
  onopen: (() => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null
  onerror: (() => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

/**
 * The worker's half: one WebSocket at a time, opened, fed and closed on the page's commands.
 * Messages are passed on as they came, except `events.onDidChange` frames while a digest is given:
 * narrowed, re-encoded.
 */
export function createSocketRelay(
  report: (r: RelayReport) => void,
  SocketImpl: new (url: string) => RelayedSocket = WebSocket as unknown as new (url: string) => RelayedSocket,
): (command: RelayCommand) => void {
  let ws: RelayedSocket | null = null
  let digest: ReturnType<typeof createNewestDigest> | null = null
  let sent = createNewestDigest({ limit: TRACKED_BEFORE_DIGEST, seed: [] })

  function received(data: unknown) {
    let frame: ServerFrame | null = null
    if (typeof data === 'string') {
      try {
        frame = JSON.parse(data) as ServerFrame
      } catch {
        /* passed on as it came; the page drops it */
      }
    }
    if (frame?.t !== 'event' || frame.name !== DIGESTED_EVENT) return report({ t: 'message', data })
    // Typed by the contract; checked as far as the digest relies on it.
    const items = (frame.data as { items?: unknown } | null)?.items
    if (!Array.isArray(items)) return report({ t: 'message', data })
    if (!digest) {
      sent.reduce(items as EventSummary[])
      return report({ t: 'message', data })
    }
    const narrowed = digest.reduce(items as EventSummary[])
    sent.reduce(narrowed)
    report({ t: 'message', data: JSON.stringify({ ...frame, data: { items: narrowed } }) })
  }

  return (command) => {
    switch (command.t) {
      case 'open': {
        let socket: RelayedSocket
        try {
          socket = new SocketImpl(command.url)
        } catch {
          report({ t: 'close', code: 1006, reason: 'could not open', wasClean: false })
          return
        }
        ws = socket
        // A new link: the page gives the digest again once it shows this link's data.
        digest = null
        sent = createNewestDigest({ limit: TRACKED_BEFORE_DIGEST, seed: [] })
        socket.onopen = () => report({ t: 'open' })
        socket.onmessage = (ev) => received(ev.data)
        socket.onerror = () => report({ t: 'error' })
        socket.onclose = (ev) => {
          if (ws === socket) ws = null
          report({ t: 'close', code: ev.code, reason: ev.reason, wasClean: ev.wasClean })
        }
        break
      }
      case 'send':
        ws?.send(command.data)
        break
      case 'close':
        if (ws) ws.close(command.code, command.reason)
        else report({ t: 'close', code: 1000, reason: '', wasClean: true })
        break
      case 'digest': {
        const given = command.digest
          ? { limit: command.digest.limit, seed: [...command.digest.seed, ...sent.tracked()] }
          : null
        digest = given ? createNewestDigest(given) : null
        // The engine narrows the batches before sending them (the same digest, seeded alike), so
        // in a storm the link carries a few dozen summaries a batch; the worker's own digest
        // narrows what was already on its way, and anything from an engine that does not.
        try {
          ws?.send(JSON.stringify({ t: 'digest', event: DIGESTED_EVENT, digest: given } satisfies ClientFrame))
        } catch {
          /* not open yet: the engine sends everything, narrowed here */
        }
        break
      }
    }
  }
}

const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

/**
 * The page's half: a `WebSocket` look-alike whose connection the given worker makes (one worker
 * per socket, ended with it). A worker that fails (its script did not load) closes the socket
 * like a dropped link (1006) after telling `onWorkerFailed`.
 */
export class WorkerSocket implements SocketLike {
  readyState = CONNECTING
  onopen: (() => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: (() => void) | null = null

  constructor(
    url: string,
    private readonly worker: WorkerLike,
    onWorkerFailed: () => void = () => {},
  ) {
    worker.onmessage = ({ data: r }) => {
      if (this.readyState === CLOSED) return
      switch (r.t) {
        case 'open':
          if (this.readyState !== CONNECTING) return
          this.readyState = OPEN
          this.onopen?.()
          break
        case 'message':
          if (this.readyState === OPEN) this.onmessage?.({ data: r.data })
          break
        case 'error':
          this.onerror?.()
          break
        case 'close':
          this.closed(r.code, r.reason, r.wasClean)
          break
      }
    }
    worker.onerror = () => {
      if (this.readyState === CLOSED) return
      onWorkerFailed()
      this.closed(1006, 'worker failed', false)
    }
    worker.postMessage({ t: 'open', url })
  }

  /** As WebSocket: an error before the socket opened, nothing once it is closing. */
  send(data: string) {
    if (this.readyState === CONNECTING) throw new Error('WebSocket is not open yet')
    if (this.readyState === OPEN) this.worker.postMessage({ t: 'send', data })
  }

  close(code?: number, reason?: string) {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return
    this.readyState = CLOSING
    this.worker.postMessage({ t: 'close', code, reason })
  }

  digest(digest: NewestDigest | null) {
    if (this.readyState === OPEN || this.readyState === CONNECTING) this.worker.postMessage({ t: 'digest', digest })
  }

  private closed(code: number, reason: string, wasClean: boolean) {
    this.readyState = CLOSED
    this.worker.terminate()
    this.onclose?.({ code, reason, wasClean })
  }
}

/**
 * Opens sockets in workers from `spawn`; once a worker has failed, on the page itself (the link
 * matters more than where it is received).
 */
export function workerSocketOpener(
  spawn: () => WorkerLike,
  fallback: (url: string) => SocketLike,
): (url: string) => SocketLike {
  let workerFailed = false
  return (url) => {
    if (workerFailed) return fallback(url)
    let worker: WorkerLike
    try {
      worker = spawn()
    } catch {
      workerFailed = true
      return fallback(url)
    }
    return new WorkerSocket(url, worker, () => (workerFailed = true))
  }
}
