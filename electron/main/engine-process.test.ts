import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

/** A stand-in for Electron's UtilityProcess: the tests play the engine host's side. */
class FakeChild extends EventEmitter {
  stdout = new PassThrough()
  stderr = new PassThrough()
  posted: unknown[] = []
  exited = false
  constructor(readonly args: string[]) {
    super()
  }
  postMessage(message: unknown) {
    this.posted.push(message)
    if ((message as { type?: string }).type === 'shutdown') setTimeout(() => this.exit(0), 10)
  }
  kill() {
    this.exit(143)
    return true
  }
  exit(code: number) {
    if (this.exited) return
    this.exited = true
    this.emit('exit', code)
  }
  ready(port: number) {
    this.emit('message', { type: 'ready', url: `http://127.0.0.1:${port}`, port, token: 'tok', demoMode: true })
  }
}

const children: FakeChild[] = []
const fork = vi.fn((_script: string, args: string[]) => {
  const child = new FakeChild(args)
  children.push(child)
  return child
})
vi.mock('electron', () => ({ utilityProcess: { fork: (...a: [string, string[]]) => fork(...a) } }))

const { EngineSupervisor } = await import('./engine-process')

function supervisor(initialPort = 0) {
  const events = { ready: vi.fn(), down: vi.fn(), giveUp: vi.fn() }
  const sup = new EngineSupervisor({
    script: '/app/out/main/host.js',
    initialPort,
    secret: 'S3cr3tT0ken',
    args: (port) => ['--port', String(port)],
    onReady: events.ready,
    onDown: events.down,
    onGiveUp: events.giveUp,
    readyTimeoutMs: 5_000,
  })
  return { sup, events }
}

const last = () => children[children.length - 1]

beforeEach(() => {
  vi.useFakeTimers()
  children.length = 0
  fork.mockClear()
  vi.spyOn(console, 'log').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('EngineSupervisor', () => {
  it('forks the host as a named utility process and reports its ready message', async () => {
    const { sup, events } = supervisor()
    sup.start()
    expect(fork).toHaveBeenCalledWith('/app/out/main/host.js', ['--port', '0'], {
      serviceName: 'zhongshu-engine',
      stdio: 'pipe',
    })
    last().ready(40001)
    await vi.advanceTimersByTimeAsync(0)
    expect(events.ready).toHaveBeenCalledWith(
      { url: 'http://127.0.0.1:40001', port: 40001, token: 'tok', demoMode: true },
      false,
    )
  })

  it('accepts the ZHONGSHU_READY stdout line and does not echo the secret', async () => {
    const { sup, events } = supervisor()
    sup.start()
    last().stdout.write('[zhongshu] workstation: http://127.0.0.1:40002/?token=S3cr3tT0ken\n')
    last().stdout.write(
      'ZHONGSHU_READY {"url":"http://127.0.0.1:40002","port":40002,"token":"S3cr3tT0ken","demoMode":false}\n',
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(events.ready).toHaveBeenCalledWith(expect.objectContaining({ port: 40002, demoMode: false }), false)
    const logged = vi.mocked(console.log).mock.calls.flat().join('\n')
    expect(logged).toContain('?token=***')
    expect(logged).not.toContain('S3cr3tT0ken')
    expect(logged).not.toContain('ZHONGSHU_READY')
  })

  it('restarts a crashed engine on the same port with growing backoff', async () => {
    const { sup, events } = supervisor()
    sup.start()
    last().ready(40003)
    await vi.advanceTimersByTimeAsync(0)
    last().exit(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(events.down).toHaveBeenLastCalledWith('exited with code 1', 1_000)
    expect(fork).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(fork).toHaveBeenCalledTimes(2)
    expect(last().args).toEqual(['--port', '40003'])
    last().exit(1) // dies again before it is ready
    await vi.advanceTimersByTimeAsync(0)
    expect(events.down).toHaveBeenLastCalledWith('exited with code 1 before it was ready', 2_000)
    await vi.advanceTimersByTimeAsync(2_000)
    last().ready(40003)
    await vi.advanceTimersByTimeAsync(0)
    expect(events.ready).toHaveBeenLastCalledWith(expect.objectContaining({ port: 40003 }), true)
  })

  it('moves to a free port when the old one keeps failing, and gives up in the end', async () => {
    const { sup, events } = supervisor(7345)
    sup.start()
    for (let attempt = 0; attempt < 6; attempt++) {
      last().exit(1)
      await vi.advanceTimersByTimeAsync(60_000)
    }
    expect(children.map((child) => child.args[1])).toEqual(['7345', '7345', '0', '0', '0', '0'])
    expect(events.giveUp).toHaveBeenCalledTimes(1)
    expect(fork).toHaveBeenCalledTimes(6)
  })

  it('kills an engine that never becomes ready', async () => {
    const { sup, events } = supervisor()
    sup.start()
    const first = last()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(first.exited).toBe(true)
    expect(events.down).toHaveBeenCalledWith('not ready within 5000 ms', 1_000)
  })

  it('shuts down with a shutdown message and does not restart', async () => {
    const { sup, events } = supervisor()
    sup.start()
    last().ready(40004)
    await vi.advanceTimersByTimeAsync(0)
    const stopped = sup.stop()
    await vi.advanceTimersByTimeAsync(20)
    await stopped
    expect(children[0].posted).toEqual([{ type: 'shutdown' }])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fork).toHaveBeenCalledTimes(1)
    expect(events.down).not.toHaveBeenCalled()
  })

  it('kills an engine that ignores the shutdown message', async () => {
    const { sup } = supervisor()
    sup.start()
    const child = last()
    child.postMessage = () => {} // deaf
    child.ready(40005)
    await vi.advanceTimersByTimeAsync(0)
    const stopped = sup.stop()
    await vi.advanceTimersByTimeAsync(5_000)
    await stopped
    expect(child.exited).toBe(true)
  })
})
