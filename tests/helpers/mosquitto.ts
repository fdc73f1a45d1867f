/**
 * A real Mosquitto for one test (or one test worker): its own free port, its own config and
 * data dir, started and stopped by the test. Nothing here touches a system-wide broker.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { trackChild, untrackChild, waitForExit } from './processes'

export interface MosquittoOptions {
  /** Keep sessions and queued messages across restart() (written on SIGTERM). Default false. */
  persistence?: boolean
  /** Messages queued per offline persistent client. Mosquitto's default of 1000 drops the rest silently. */
  maxQueued?: number
  /** In-flight QoS 1/2 messages per client; 0 = unlimited. Default: Mosquitto's own (20). */
  maxInflight?: number
  /**
   * Lines for the listener, written right after its `listener` line, e.g. TLS:
   * `cafile …`, `certfile …`, `keyfile …`, `require_certificate true`. The port stays the probe
   * target (a TCP connect), so a TLS listener is waited for like a plain one.
   */
  listenerConfig?: string[]
  /** Default true. With false, clients need a `password_file` entry (see `extraConfig`). */
  allowAnonymous?: boolean
  /** Further global lines, e.g. `password_file …`. */
  extraConfig?: string[]
  /** Where config, log and persistence live. Default: a fresh temp dir, removed by stop(). */
  dataDir?: string
  /** A fixed port instead of a free one. */
  port?: number
}

export interface MosquittoBroker {
  /** mqtt://127.0.0.1:PORT */
  url: string
  port: number
  /** The broker's own dir (config, log, persistence). */
  dir: string
  /** SIGTERM, wait for exit, remove the temp dir (unless dataDir was given). Idempotent. */
  stop(): Promise<void>
  /** Stop gracefully (persistence is saved) and start again on the same port. */
  restart(): Promise<void>
  /** Stop gracefully (persistence is saved) and stay down until start(): an outage. */
  halt(): Promise<void>
  /** SIGKILL, no waiting: the broker dies without saving. restart() may follow. */
  kill(): void
  /** Start again after kill() (same port, same config). */
  start(): Promise<void>
  /** The broker's log so far (for failure messages). */
  log(): Promise<string>
}

const READY_TIMEOUT_MS = 10_000
const STOP_TIMEOUT_MS = 10_000

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        server.close()
        reject(new Error('could not determine a free port'))
        return
      }
      const { port } = address
      server.close(() => resolve(port))
    })
  })
}

/** The Mosquitto binary: $MOSQUITTO_PATH, /usr/sbin/mosquitto, or whatever `which` finds. */
export function mosquittoBinary(): string {
  const fromEnv = process.env.MOSQUITTO_PATH
  if (fromEnv) return fromEnv
  for (const candidate of ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto']) {
    if (existsSync(candidate)) return candidate
  }
  const which = spawnSync('which', ['mosquitto'], { encoding: 'utf8' })
  const found = which.stdout?.trim()
  if (which.status === 0 && found) return found
  throw new Error('mosquitto not found: install the Debian package "mosquitto" or set MOSQUITTO_PATH')
}

/** Resolves once a TCP connection to 127.0.0.1:port succeeds; rejects when `alive()` turns false or on timeout. */
async function waitForListening(port: number, alive: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (let attempt = 0; ; attempt++) {
    if (!alive()) throw new Error('mosquitto exited before it was listening')
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => {
        socket.destroy()
        resolve(false)
      })
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on port ${port} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, Math.min(20 * (attempt + 1), 200)))
  }
}

function configText(port: number, dir: string, opts: MosquittoOptions): string {
  const lines = [
    `# written by tests/helpers/mosquitto.ts`,
    `listener ${port} 127.0.0.1`,
    ...(opts.listenerConfig ?? []),
    `allow_anonymous ${opts.allowAnonymous ?? true}`,
    ...(opts.extraConfig ?? []),
    // The default (1000) silently drops messages for an offline persistent session.
    `max_queued_messages ${opts.maxQueued ?? 100_000}`,
    `max_queued_bytes 0`,
    `log_dest file ${join(dir, 'mosquitto.log')}`,
    `log_type error`,
    `log_type warning`,
    `log_type notice`,
    `log_type information`,
    `connection_messages true`,
    `log_timestamp_format %H:%M:%S`,
  ]
  if (opts.maxInflight !== undefined) lines.push(`max_inflight_messages ${opts.maxInflight}`)
  if (opts.persistence) {
    lines.push(`persistence true`, `persistence_location ${dir}/`, `autosave_interval 1800`)
  } else {
    lines.push(`persistence false`)
  }
  // Run as root (CI containers), Mosquitto would switch to the "mosquitto" user and then be
  // unable to write our temp dir; "user root" keeps it as it was started.
  if (typeof process.getuid === 'function' && process.getuid() === 0) lines.push(`user root`)
  return lines.join('\n') + '\n'
}

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const binary = mosquittoBinary()
  const ownDir = opts.dataDir === undefined
  const dir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'zs-mosquitto-')))
  await mkdir(dir, { recursive: true })
  const confPath = join(dir, 'mosquitto.conf')
  const logPath = join(dir, 'mosquitto.log')

  let port = opts.port ?? (await freePort())
  let proc: ChildProcess | null = null
  let stderr = ''
  let stopped = false
  let everStarted = false

  const readLog = async () => {
    const file = await readFile(logPath, 'utf8').catch(() => '')
    return file + (stderr ? `\n[stderr]\n${stderr}` : '')
  }

  const spawnOnce = async (): Promise<void> => {
    await writeFile(confPath, configText(port, dir, opts))
    stderr = ''
    const child = spawn(binary, ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] })
    trackChild(child)
    let alive = true
    child.once('exit', () => {
      alive = false
      untrackChild(child)
    })
    child.once('error', (err) => {
      alive = false
      stderr += String(err)
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk
    })
    proc = child
    try {
      await waitForListening(port, () => alive, READY_TIMEOUT_MS)
    } catch (err) {
      child.kill('SIGKILL')
      await waitForExit(child, STOP_TIMEOUT_MS)
      proc = null
      throw new Error(`${(err as Error).message}\n--- mosquitto log (${logPath}) ---\n${await readLog()}`)
    }
  }

  const start = async (): Promise<void> => {
    if (proc && proc.exitCode === null && proc.signalCode === null) return
    // The free port may have been taken between probing and binding: retry with another one
    // (only on the first start; a restart must keep its port so clients can reconnect).
    const attempts = opts.port === undefined && !everStarted ? 3 : 1
    for (let i = 1; ; i++) {
      try {
        await spawnOnce()
        everStarted = true
        return
      } catch (err) {
        if (i >= attempts || !/Address already in use/i.test((err as Error).message)) throw err
        port = await freePort()
      }
    }
  }

  const terminate = async (): Promise<void> => {
    const child = proc
    if (!child) return
    proc = null
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill('SIGKILL')
        await waitForExit(child, STOP_TIMEOUT_MS)
      }
    }
  }

  await start()

  const broker: MosquittoBroker = {
    get url() {
      return `mqtt://127.0.0.1:${port}`
    },
    get port() {
      return port
    },
    dir,
    async stop() {
      if (stopped) return
      stopped = true
      await terminate()
      if (ownDir) await rm(dir, { recursive: true, force: true })
    },
    async restart() {
      if (stopped) throw new Error('mosquitto was stopped; start a new one')
      await terminate()
      await start()
    },
    async halt() {
      if (stopped) throw new Error('mosquitto was stopped; start a new one')
      await terminate()
    },
    kill() {
      const child = proc
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
    async start() {
      if (stopped) throw new Error('mosquitto was stopped; start a new one')
      if (proc) await waitForExit(proc, STOP_TIMEOUT_MS)
      proc = null
      await start()
    },
    log: readLog,
  }
  return broker
}
