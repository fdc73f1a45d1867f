import { describe, expect, it } from 'vitest'
import { CLOSE_UNAUTHORIZED } from '../../../electron/contract/wire'
import { EngineClient, type SocketLike } from './client'
import { createSocketRelay, workerSocketOpener, WorkerSocket, type RelayReport, type WorkerLike } from './workerSocket'

/** The WebSocket inside the worker: the test opens, feeds and closes it. */
class FakeWebSocket {
  static last: FakeWebSocket | null = null
  sent: string[] = []
  closedWith: [number | undefined, string | undefined] | null = null
  onopen: (() => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: (() => void) | null = null
  constructor(readonly url: string) {
    FakeWebSocket.last = this
  }
  send(data: string) {
    this.sent.push(data)
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason]
    this.onclose?.({ code: code ?? 1005, reason: reason ?? '', wasClean: true })
  }
  // the server's side
  accept() {
    this.onopen?.()
  }
  push(data: string) {
    this.onmessage?.({ data })
  }
  drop(code: number) {
    this.onclose?.({ code, reason: '', wasClean: false })
  }
}

/** A worker running the relay in the test's thread (messages delivered at once). */
class FakeWorker implements WorkerLike {
  onmessage: ((ev: { data: RelayReport }) => void) | null = null
  onerror: ((ev: unknown) => void) | null = null
  terminated = false
  private readonly relay = createSocketRelay(
    (report) => this.onmessage?.({ data: report }),
    FakeWebSocket as unknown as new (url: string) => FakeWebSocket,
  )
  postMessage(command: Parameters<WorkerLike['postMessage']>[0]) {
    if (!this.terminated) this.relay(command)
  }
  terminate() {
    this.terminated = true
  }
}

const reportsOf = (run: (relay: ReturnType<typeof createSocketRelay>) => void) => {
  const reports: RelayReport[] = []
  run(createSocketRelay((r) => reports.push(r), FakeWebSocket as unknown as new (url: string) => FakeWebSocket))
  return reports
}

describe('the relay (worker side)', () => {
  it('opens the socket, reports its opening, messages and close, and sends and closes on command', () => {
    const reports = reportsOf((relay) => {
      relay({ t: 'open', url: 'ws://127.0.0.1:1/api/ws' })
      const ws = FakeWebSocket.last!
      expect(ws.url).toBe('ws://127.0.0.1:1/api/ws')
      ws.accept()
      relay({ t: 'send', data: '{"t":"hello"}' })
      expect(ws.sent).toEqual(['{"t":"hello"}'])
      ws.push('{"t":"welcome"}')
      relay({ t: 'close', code: 1000, reason: 'bye' })
      expect(ws.closedWith).toEqual([1000, 'bye'])
    })
    expect(reports).toEqual([
      { t: 'open' },
      { t: 'message', data: '{"t":"welcome"}' },
      { t: 'close', code: 1000, reason: 'bye', wasClean: true },
    ])
  })

  it('reports a socket that cannot be created, or a close with none open, as closed', () => {
    const failing: RelayReport[] = []
    const relay = createSocketRelay(
      (r) => failing.push(r),
      class {
        constructor() {
          throw new Error('blocked by the content security policy')
        }
      } as unknown as new (url: string) => FakeWebSocket,
    )
    relay({ t: 'open', url: 'ws://x' })
    expect(failing).toEqual([{ t: 'close', code: 1006, reason: 'could not open', wasClean: false }])
    expect(reportsOf((relay) => relay({ t: 'close' }))).toEqual([
      { t: 'close', code: 1000, reason: '', wasClean: true },
    ])
  })
})

describe('WorkerSocket (page side)', () => {
  it('behaves like a WebSocket: CONNECTING → OPEN → CLOSED, messages while open, the worker ended with it', () => {
    const worker = new FakeWorker()
    const socket = new WorkerSocket('ws://e/api/ws', worker)
    const seen: string[] = []
    socket.onopen = () => seen.push('open')
    socket.onmessage = (ev) => seen.push(`message ${String(ev.data)}`)
    socket.onclose = (ev) => seen.push(`close ${ev.code}`)
    expect(socket.readyState).toBe(0)
    expect(() => socket.send('early')).toThrow()
    FakeWebSocket.last!.accept()
    expect(socket.readyState).toBe(1)
    socket.send('hello')
    expect(FakeWebSocket.last!.sent).toEqual(['hello'])
    FakeWebSocket.last!.push('frame')
    FakeWebSocket.last!.drop(1006)
    expect(socket.readyState).toBe(3)
    expect(worker.terminated).toBe(true)
    expect(seen).toEqual(['open', 'message frame', 'close 1006'])
  })

  it('close() closes the socket in the worker once, and reports the close', () => {
    const worker = new FakeWorker()
    const socket = new WorkerSocket('ws://e/api/ws', worker)
    FakeWebSocket.last!.accept()
    const codes: number[] = []
    socket.onclose = (ev) => codes.push(ev.code)
    socket.close()
    socket.close()
    expect(codes).toEqual([1005])
    expect(worker.terminated).toBe(true)
  })

  it('a worker that fails closes the socket as a dropped link and the opener falls back to the page', () => {
    const workers: FakeWorker[] = []
    const fallbacks: string[] = []
    const open = workerSocketOpener(
      () => {
        const w = new FakeWorker()
        workers.push(w)
        return w
      },
      (url) => {
        fallbacks.push(url)
        return { readyState: 0 } as SocketLike
      },
    )
    const first = open('ws://e/api/ws')
    const codes: number[] = []
    first.onclose = (ev) => codes.push(ev.code)
    workers[0].onerror?.(new Event('error'))
    expect(codes).toEqual([1006])
    expect(workers[0].terminated).toBe(true)
    open('ws://e/api/ws')
    expect(fallbacks).toEqual(['ws://e/api/ws'])
    expect(workers).toHaveLength(1)
  })
})

describe('EngineClient over a worker-held socket', () => {
  it('says hello, gets calls answered and live events delivered, as over a page socket', async () => {
    const client = new EngineClient({
      url: 'ws://e/api/ws',
      token: 'hall-token',
      openSocket: workerSocketOpener(
        () => new FakeWorker(),
        () => {
          throw new Error('no fallback expected')
        },
      ),
    })
    client.connect()
    const ws = FakeWebSocket.last!
    ws.accept()
    expect(JSON.parse(ws.sent[0])).toMatchObject({ t: 'hello', token: 'hall-token' })
    ws.push(JSON.stringify({ t: 'welcome', protocol: 1, scopes: ['read'], appVersion: '0.1.0' }))
    expect(client.state).toBe('open')

    const batches: unknown[] = []
    client.on('events.onDidChange', (data) => batches.push(data))
    expect(JSON.parse(ws.sent.at(-1)!)).toEqual({ t: 'sub', events: ['events.onDidChange'] })
    ws.push(JSON.stringify({ t: 'event', name: 'events.onDidChange', data: { items: [] } }))
    expect(batches).toEqual([{ items: [] }])

    const reply = client.call('app.getInfo')
    await Promise.resolve()
    const call = JSON.parse(ws.sent.at(-1)!) as { id: number; method: string }
    expect(call.method).toBe('app.getInfo')
    ws.push(JSON.stringify({ t: 'reply', id: call.id, ok: true, value: { name: 'zhongshu' } }))
    await expect(reply).resolves.toEqual({ name: 'zhongshu' })

    ws.drop(CLOSE_UNAUTHORIZED)
    expect(client.state).toBe('unauthorized')
  })
})
