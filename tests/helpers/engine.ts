/**
 * The real engine as a separate process — `node out/main/host.js` (the plain-Node browser host,
 * built by `electron-vite build`) — with its own data dir, token and loopback port.
 *
 * The host's interface to tests: it prints one line `ZHONGSHU_READY {"url","port","token","demoMode"}`
 * on stdout once it serves, and exits on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { trackChild, untrackChild, waitForExit } from './processes'

export { connectPublisher, publish, type Payload, type PublishOptions, type Publisher } from './mqtt'

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const HOST_ENTRY = join(PROJECT_ROOT, 'out', 'main', 'host.js')

const READY_PREFIX = 'ZHONGSHU_READY '
const READY_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000

export interface EngineOptions {
  /** mqtt://… of the test broker. Without it the host starts its embedded broker and the demo simulator. */
  brokerUrl?: string
  /** Default: a fresh temp dir, removed by stop(). A given dir is kept (to restart on the same data). */
  dataDir?: string
  token?: string
  /** Default: a unique id per engine, so each gets its own MQTT session. */
  hallId?: string
  topicRoot?: string
  extraArgs?: string[]
  /** Node's own options for the host process (before the script), e.g. a bench's preload. */
  nodeArgs?: string[]
  env?: NodeJS.ProcessEnv
  /** The administrator created at the first start (default: admin / a password per engine). */
  admin?: { username: string; password: string } | null
}

/** The operator test helpers sign in as for each role (created on first use by the admin). */
export const TEST_OPERATORS = {
  officer: { username: 'officer1', displayName: '张值班', password: 'officer-pass-1' },
  lead: { username: 'lead1', displayName: '王班长', password: 'lead-pass-1' },
  trainer: { username: 'trainer1', displayName: '赵演练', password: 'trainer-pass-1' },
  viewer: { username: 'viewer1', displayName: '大屏', password: 'viewer-pass-1' },
} as const
export type TestRole = keyof typeof TEST_OPERATORS | 'admin'

export interface ReadyInfo {
  url: string
  port: number
  token: string
  demoMode: boolean
}

export interface EngineProcess extends ReadyInfo {
  proc: ChildProcess
  dataDir: string
  hallId: string
  topicRoot: string
  /** SIGTERM, wait for exit (SIGKILL if it hangs), remove the own temp dir. Idempotent. */
  stop(): Promise<void>
  /** Send a signal (default SIGKILL) without waiting. */
  kill(signal?: NodeJS.Signals): void
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Everything the host wrote to stdout / stderr so far. */
  output(): { stdout: string; stderr: string }
  /** GET an /api/* path with the bearer token; returns the HTTP status and parsed JSON body. */
  api<T = unknown>(path: string, init?: { token?: string | null }): Promise<{ status: number; body: ApiEnvelope<T> }>
  /** Like api() but unwraps `{ ok: true, value }` and throws on anything else. */
  get<T = unknown>(path: string): Promise<T>
  /** The administrator created at start. */
  admin: { username: string; password: string } | null
  /** POST /api/rpc/{method} with a token (default: the hall token); returns the envelope. */
  rpc<T = unknown>(method: string, params?: unknown, token?: string): Promise<ApiEnvelope<T>>
  /** A session token of an operator with this role (created by the admin on first use). */
  sessionToken(role: TestRole): Promise<string>
}

export type ApiEnvelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }

/** The runner's environment without the host's own ZS_* settings, which would override a test's setup. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ZS_')))
}

export function randomToken(): string {
  return randomBytes(24).toString('hex')
}

export async function startEngineProcess(opts: EngineOptions = {}): Promise<EngineProcess> {
  if (!existsSync(HOST_ENTRY)) {
    throw new Error(`${HOST_ENTRY} does not exist: build first (node_modules/.bin/electron-vite build)`)
  }
  const ownDir = opts.dataDir === undefined
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'zs-engine-')))
  await mkdir(dataDir, { recursive: true })
  const token = opts.token ?? randomToken()
  const hallId = opts.hallId ?? `test-hall-${randomBytes(4).toString('hex')}`
  const topicRoot = opts.topicRoot ?? 'zs'

  // ZS_ENGINE_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the engine of a
  // test or benchmark.
  const nodeArgs = [...(opts.nodeArgs ?? []), ...(process.env.ZS_ENGINE_NODE_ARGS?.split(' ').filter(Boolean) ?? [])]
  const admin = opts.admin === undefined ? { username: 'admin', password: `admin-${token.slice(0, 12)}` } : opts.admin
  const args = [...nodeArgs, HOST_ENTRY, '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--token', token]
  if (admin) args.push('--bootstrap-admin', `${admin.username}:${admin.password}`)
  args.push('--hall-id', hallId, '--topic-root', topicRoot)
  if (opts.brokerUrl) args.push('--broker', opts.brokerUrl)
  args.push(...(opts.extraArgs ?? []))

  const proc = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...inheritedEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  trackChild(proc)
  let stdout = ''
  let stderr = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    proc.once('exit', (code, signal) => {
      untrackChild(proc)
      resolveExit({ code, signal })
    })
  })
  proc.stderr?.setEncoding('utf8')
  proc.stderr?.on('data', (chunk: string) => {
    stderr += chunk
  })
  proc.stdout?.setEncoding('utf8')

  const describe = (why: string) =>
    `engine host ${why}\n  command: node ${args.join(' ')}\n--- stdout ---\n${stdout.slice(-8000)}\n--- stderr ---\n${stderr.slice(-8000)}`

  let ready: ReadyInfo
  try {
    ready = await new Promise<ReadyInfo>((resolveReady, rejectReady) => {
      let buffered = ''
      let done = false
      const timer = setTimeout(
        () => finish(new Error(describe(`printed no ZHONGSHU_READY line within ${READY_TIMEOUT_MS} ms`))),
        READY_TIMEOUT_MS,
      )
      const finish = (result: ReadyInfo | Error) => {
        if (done) return
        done = true
        clearTimeout(timer)
        if (result instanceof Error) rejectReady(result)
        else resolveReady(result)
      }
      proc.stdout?.on('data', (chunk: string) => {
        stdout += chunk
        if (done) return
        buffered += chunk
        let newline: number
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim()
          buffered = buffered.slice(newline + 1)
          if (!line.startsWith(READY_PREFIX)) continue
          try {
            const info = JSON.parse(line.slice(READY_PREFIX.length)) as ReadyInfo
            finish(info)
          } catch (err) {
            finish(new Error(describe(`printed an unreadable ready line (${(err as Error).message}): ${line}`)))
          }
          return
        }
      })
      proc.once('error', (err) => finish(new Error(describe(`could not start: ${err.message}`))))
      void exited.then(({ code, signal }) =>
        finish(new Error(describe(`exited (code ${code}, signal ${signal}) before it was ready`))),
      )
    })
  } catch (err) {
    proc.kill('SIGKILL')
    await exited
    if (ownDir) await rm(dataDir, { recursive: true, force: true })
    throw err
  }

  let stopped = false
  const authHeaders = (t: string | null): Record<string, string> => (t === null ? {} : { Authorization: `Bearer ${t}` })
  const engine: EngineProcess = {
    ...ready,
    token: ready.token ?? token,
    proc,
    dataDir,
    hallId,
    topicRoot,
    exited,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (stopped) return
      stopped = true
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM')
        if (!(await waitForExit(proc, STOP_TIMEOUT_MS))) {
          proc.kill('SIGKILL')
          await exited
        }
      }
      if (ownDir) await rm(dataDir, { recursive: true, force: true })
    },
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
    },
    async api<T>(path: string, init: { token?: string | null } = {}) {
      const response = await fetch(new URL(path, ready.url), {
        headers: authHeaders(init.token === undefined ? engine.token : init.token),
      })
      const text = await response.text()
      let body: ApiEnvelope<T>
      try {
        body = JSON.parse(text) as ApiEnvelope<T>
      } catch {
        throw new Error(`GET ${path} → ${response.status}, not JSON: ${text.slice(0, 500)}`)
      }
      return { status: response.status, body }
    },
    async get<T>(path: string) {
      const { status, body } = await engine.api<T>(path)
      if (status !== 200 || !body.ok) throw new Error(`GET ${path} → ${status} ${JSON.stringify(body).slice(0, 500)}`)
      return body.value
    },
    admin,
    async rpc<T>(method: string, params: unknown = {}, t: string = engine.token) {
      const response = await fetch(new URL(`/api/rpc/${method}`, ready.url), {
        method: 'POST',
        headers: { ...authHeaders(t), 'Content-Type': 'application/json' },
        body: JSON.stringify(params),
      })
      return (await response.json()) as ApiEnvelope<T>
    },
    sessionToken(role: TestRole) {
      let s = sessions.get(role)
      if (!s) {
        s = signIn(role)
        sessions.set(role, s)
        s.catch(() => sessions.delete(role))
      }
      return s
    },
  }
  const sessions = new Map<TestRole, Promise<string>>()
  async function login(username: string, password: string) {
    const r = await engine.rpc<{ sessionToken: string }>('auth.login', { username, password })
    if (!r.ok) throw new Error(`auth.login ${username}: ${JSON.stringify(r.error)}`)
    return r.value.sessionToken
  }
  async function signIn(role: TestRole): Promise<string> {
    if (!admin) throw new Error('this engine was started without an administrator')
    if (role === 'admin') return login(admin.username, admin.password)
    const op = TEST_OPERATORS[role]
    const adminToken = await engine.sessionToken('admin')
    const created = await engine.rpc('operators.create', { ...op, role }, adminToken)
    // Already there (an engine restarted on the same data): sign in all the same.
    if (!created.ok && created.error.code !== 'conflict')
      throw new Error(`operators.create ${op.username}: ${JSON.stringify(created.error)}`)
    return login(op.username, op.password)
  }
  return engine
}
