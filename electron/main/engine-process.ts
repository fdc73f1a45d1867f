/**
 * Runs the engine host (out/main/host.js, plain Node) as an Electron `utilityProcess`, so the
 * main process never blocks on MQTT or SQLite. Waits for the host's `ready` message, restarts it
 * with backoff when it dies unexpectedly, and shuts it down with `{ type: 'shutdown' }`.
 */
import { createInterface } from 'node:readline'
import { utilityProcess, type UtilityProcess } from 'electron'

export interface EngineReady {
  url: string
  port: number
  token: string
  demoMode: boolean
}

export interface EngineSupervisorOptions {
  /** Absolute path of host.js. */
  script: string
  /** Port of the first launch (0 = let the host pick a free port); restarts keep the port in use. */
  initialPort: number
  /** The host's argv for a launch on `port`. */
  args: (port: number) => string[]
  /** Every successful start, the first and each restart. */
  onReady: (ready: EngineReady, restart: boolean) => void
  /** The engine stopped unexpectedly; another start follows after `retryInMs`. */
  onDown: (reason: string, retryInMs: number) => void
  /** Too many failures in a row; the supervisor has stopped trying. */
  onGiveUp: (reason: string) => void
  /** Replaced by `***` in the engine's forwarded output (the host prints its URL with the token). */
  secret?: string
  readyTimeoutMs?: number
  shutdownTimeoutMs?: number
}

const READY_LINE = 'ZHONGSHU_READY '
/** A run that lasted this long counts as healthy: the backoff starts over. */
const STABLE_RUN_MS = 60_000
const MAX_FAILURES_IN_A_ROW = 6
const MAX_BACKOFF_MS = 30_000
/** After this many failed restarts on the old port, let the host pick a new one. */
const SAME_PORT_ATTEMPTS = 2

export class EngineSupervisor {
  private child: UtilityProcess | null = null
  private stopping = false
  private wakeUp: (() => void) | null = null
  private lastPort: number
  private loop: Promise<void> | null = null

  constructor(private readonly opts: EngineSupervisorOptions) {
    this.lastPort = opts.initialPort
  }

  /** Starts the engine and keeps it running until `stop()`. */
  start() {
    this.loop ??= this.supervise()
  }

  /** Asks the engine to shut down, waits for it (then kills it), and stops restarting it. */
  async stop(): Promise<void> {
    this.stopping = true
    this.wakeUp?.()
    const child = this.child
    if (child) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.postMessage({ type: 'shutdown' })
      const timeout = this.opts.shutdownTimeoutMs ?? 5_000
      if (!(await settlesWithin(exited, timeout))) {
        console.warn(`[engine] did not shut down within ${timeout} ms; killing it`)
        child.kill()
        await settlesWithin(exited, 2_000)
      }
    }
    await this.loop
  }

  private async supervise() {
    let failures = 0
    let launches = 0
    while (!this.stopping) {
      const port = failures >= SAME_PORT_ATTEMPTS ? 0 : this.lastPort
      const startedAt = Date.now()
      const child = utilityProcess.fork(this.opts.script, this.opts.args(port), {
        serviceName: 'zhongshu-engine',
        stdio: 'pipe',
      })
      this.child = child
      const exited = new Promise<number>((resolve) => child.once('exit', resolve))
      child.on('error', (type, location) => console.error(`[engine] ${type} at ${location}`))

      let reason: string
      try {
        const ready = await waitForReady(child, exited, this.opts.readyTimeoutMs ?? 60_000, this.opts.secret)
        this.lastPort = ready.port
        launches++
        if (!this.stopping) this.opts.onReady(ready, launches > 1)
        reason = `exited with code ${await exited}`
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error)
        child.kill()
        await exited
      }
      this.child = null
      if (this.stopping) break

      failures = Date.now() - startedAt >= STABLE_RUN_MS ? 1 : failures + 1
      if (failures >= MAX_FAILURES_IN_A_ROW) {
        console.error(`[engine] giving up after ${failures} failures: ${reason}`)
        this.opts.onGiveUp(reason)
        break
      }
      const retryInMs = Math.min(1_000 * 2 ** (failures - 1), MAX_BACKOFF_MS)
      console.error(`[engine] ${reason}; restarting in ${retryInMs} ms`)
      this.opts.onDown(reason, retryInMs)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, retryInMs)
        this.wakeUp = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wakeUp = null
    }
  }
}

function isEngineReady(message: unknown): message is EngineReady & { type: 'ready' } {
  const m = message as Partial<EngineReady & { type: string }> | null
  return (
    typeof m === 'object' &&
    m !== null &&
    m.type === 'ready' &&
    typeof m.url === 'string' &&
    Number.isInteger(m.port) &&
    typeof m.token === 'string'
  )
}

/**
 * Resolves on the host's `ready` message (or, equivalently, its `ZHONGSHU_READY` stdout line);
 * rejects if it exits first or takes too long. Forwards the rest of its output, line by line.
 */
function waitForReady(
  child: UtilityProcess,
  exited: Promise<number>,
  timeoutMs: number,
  secret: string | undefined,
): Promise<EngineReady> {
  const redact = (line: string) => (secret ? line.split(secret).join('***') : line)
  return new Promise<EngineReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs)
    const done = (ready: EngineReady) => {
      clearTimeout(timer)
      resolve({ url: ready.url, port: ready.port, token: ready.token, demoMode: ready.demoMode === true })
    }
    child.on('message', (message: unknown) => {
      if (isEngineReady(message)) done(message)
    })
    forwardLines(child.stdout, (line) => {
      if (!line.startsWith(READY_LINE)) return console.log(`[engine] ${redact(line)}`)
      // The line carries the token: parse it, do not echo it.
      try {
        const message: unknown = { type: 'ready', ...JSON.parse(line.slice(READY_LINE.length)) }
        if (isEngineReady(message)) done(message)
      } catch {
        console.warn('[engine] unreadable ready line')
      }
    })
    forwardLines(child.stderr, (line) => console.error(`[engine] ${redact(line)}`))
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`exited with code ${code} before it was ready`))
    })
  })
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void) {
  if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine)
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    void promise.then(() => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}
