/**
 * HTTP + WebSocket on loopback (unless configured otherwise). Every /api call needs the token
 * (Authorization: Bearer for HTTP, the first `hello` frame for WebSocket); browsers' WebSocket
 * upgrades must come from the engine's own origin. The built renderer is served as static files
 * with a strict CSP; the page itself is not secret, the data behind /api is.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import {
  CLOSE_PROTOCOL,
  CLOSE_SESSION_ENDED,
  CLOSE_UNAUTHORIZED,
  HTTP_STATUS_OF,
  WIRE_PROTOCOL_VERSION,
  WS_PATH,
  binaryRoutes,
  methods,
  scopeAllows,
  type BinaryBody,
  type BinaryRouteName,
  type BinaryRouteParams,
  type ClientFrame,
  type Envelope,
  type EventSummary,
  type MethodDef,
  type ServerFrame,
} from '../../contract'
import { createNewestDigest, DIGESTED_EVENT, parseDigest } from '../../contract/newest'
import type { Dispatch } from '../rpc/dispatcher'
import type { LiveHub, LivePeer } from '../rpc/live'
import { buildOpenApi } from './openapi'
import type { Credential } from '../auth/auth-service'

export interface ServerOptions {
  host: string
  port: number
  /** The credential a token stands for (hall token, wall token, operator session), or null. */
  authenticate: (token: string) => Credential | null
  rendererDir?: string
  appVersion: string
  dispatch: Dispatch
  live: LiveHub
  log: (msg: string) => void
  /** Handlers of the byte routes of contract/binary.ts (e.g. snapshot images). */
  binary?: BinaryHandlers
}

export type BinaryHandlers = { [N in BinaryRouteName]?: (params: BinaryRouteParams<N>) => BinaryBody }

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.geojson': 'application/geo+json',
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Element Plus and ECharts set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "media-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
}

const MAX_BODY = 1024 * 1024

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

function sendEnvelope(res: ServerResponse, env: Envelope<unknown>) {
  sendJson(res, env.ok ? 200 : HTTP_STATUS_OF[env.error.code], env)
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => {
      if (!size) return resolveBody(undefined)
      try {
        resolveBody(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        reject(new Error('body is not JSON'))
      }
    })
    req.on('error', reject)
  })
}

/** GET routes from the contract's http mappings, e.g. /api/events/{id}. */
function compileRoutes() {
  return (Object.entries(methods) as [string, MethodDef][])
    .filter(([, d]) => d.http)
    .map(([name, d]) => {
      const names: string[] = []
      const pattern = d.http!.path.replace(/\{(\w+)\}/g, (_, n: string) => {
        names.push(n)
        return '([^/]+)'
      })
      return { name, regex: new RegExp(`^${pattern}$`), names }
    })
}

/** The byte routes of contract/binary.ts, matched like the GET mappings above. */
function compileBinaryRoutes() {
  return (Object.keys(binaryRoutes) as BinaryRouteName[]).map((name) => {
    const names: string[] = []
    const pattern = binaryRoutes[name].path.replace(/\{(\w+)\}/g, (_, n: string) => {
      names.push(n)
      return '([^/]+)'
    })
    return { name, regex: new RegExp(`^${pattern}$`), names }
  })
}

/**
 * Bytes with the content type the engine checked, never sniffed (nosniff), shown inline, and
 * sandboxed if opened on their own. Immutable (content-addressed) bodies are cacheable by the
 * browser (private: they sit behind the token) and revalidated by ETag.
 */
function sendBytes(req: IncomingMessage, res: ServerResponse, body: NonNullable<BinaryBody>, immutable: boolean) {
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'Content-Type': body.contentType,
    'Content-Disposition': 'inline',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': immutable ? 'private, max-age=31536000, immutable' : 'private, no-cache',
  }
  if (body.etag) {
    headers.ETag = `"${body.etag}"`
    if (req.headers['if-none-match']?.split(',').some((t) => t.trim().replace(/^W\//, '') === headers.ETag)) {
      res.writeHead(304, headers).end()
      return
    }
  }
  res.writeHead(200, { ...headers, 'Content-Length': body.bytes.byteLength })
  res.end(body.bytes)
}

export interface RunningServer {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const routes = compileRoutes()
  const byteRoutes = compileBinaryRoutes()
  const openapi = buildOpenApi(opts.appVersion)
  const rendererDir = opts.rendererDir ? resolve(opts.rendererDir) : undefined
  let selfOrigins = new Set<string>()
  const loopbackOnly = ['127.0.0.1', 'localhost', '::1'].includes(opts.host)

  const bearer = (req: IncomingMessage): Credential | null => {
    const h = req.headers.authorization
    if (!h || !h.startsWith('Bearer ')) return null
    return opts.authenticate(h.slice(7).trim())
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const credential = bearer(req)
    if (!credential) {
      res.setHeader('WWW-Authenticate', 'Bearer')
      return sendEnvelope(res, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong token' } })
    }
    const scopes = credential.scopes
    const ctx = { ...credential, peer: `http:${req.socket.remoteAddress}` }
    if (req.method === 'GET' && url.pathname === '/api/openapi.json') return sendJson(res, 200, openapi)
    if (req.method === 'POST' && url.pathname.startsWith('/api/rpc/')) {
      let body: unknown
      try {
        body = await readBody(req)
      } catch (e) {
        return sendEnvelope(res, { ok: false, error: { code: 'invalid_params', message: (e as Error).message } })
      }
      return sendEnvelope(res, await opts.dispatch(decodeURIComponent(url.pathname.slice(9)), body, ctx))
    }
    if (req.method === 'GET') {
      for (const r of byteRoutes) {
        const m = r.regex.exec(url.pathname)
        if (!m) continue
        const def = binaryRoutes[r.name]
        if (!scopeAllows(scopes, def.scope))
          return sendEnvelope(res, { ok: false, error: { code: 'forbidden', message: `needs the ${def.scope} scope` } })
        const params: Record<string, string> = {}
        r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])))
        const parsed = def.params.safeParse(params)
        if (!parsed.success)
          return sendEnvelope(res, {
            ok: false,
            error: { code: 'invalid_params', message: parsed.error.issues[0].message },
          })
        const handler = opts.binary?.[r.name] as ((p: unknown) => BinaryBody) | undefined
        const body = handler?.(parsed.data) ?? null
        if (!body)
          return sendEnvelope(res, { ok: false, error: { code: 'not_found', message: `${url.pathname} not found` } })
        return sendBytes(req, res, body, def.immutable)
      }
      for (const r of routes) {
        const m = r.regex.exec(url.pathname)
        if (!m) continue
        const params: Record<string, string> = Object.fromEntries(url.searchParams)
        r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])))
        return sendEnvelope(res, await opts.dispatch(r.name, params, ctx))
      }
    }
    return sendEnvelope(res, {
      ok: false,
      error: { code: 'not_found', message: `no route ${req.method} ${url.pathname}` },
    })
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end()
      return
    }
    if (!rendererDir) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('renderer not built: run npm run build')
      return
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '')
    const file = normalize(join(rendererDir, rel))
    if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('not found')
      return
    }
    const isHtml = extname(file) === '.html'
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      // Hashed assets can be cached; the page must not be, so a new build is picked up.
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    })
    if (req.method === 'HEAD') return res.end()
    createReadStream(file).pipe(res)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://engine.invalid')
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      handleApi(req, res, url).catch((e) => {
        opts.log(`http ${url.pathname} failed: ${(e as Error).stack}`)
        if (!res.headersSent) sendEnvelope(res, { ok: false, error: { code: 'internal', message: 'internal error' } })
      })
    } else serveStatic(req, res, url)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://engine.invalid')
    const origin = req.headers.origin
    const ownOrigin = `http://${req.headers.host ?? ''}`
    // Browsers always send Origin: only the engine's own pages may open the socket. On loopback
    // the Host must also be a loopback name (no DNS-rebinding pages).
    const originOk = origin === undefined || origin === ownOrigin
    const hostOk = !loopbackOnly || selfOrigins.has(ownOrigin)
    if (url.pathname !== WS_PATH || !originOk || !hostOk) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => handleSocket(ws, `ws:${req.socket.remoteAddress}`))
  })

  function handleSocket(ws: WebSocket, peerName: string) {
    let peer: LivePeer | null = null
    // A wall's digest of events.onDidChange (contract/newest.ts): its batches are narrowed here,
    // encoded for it alone, so in a storm it is sent a few dozen summaries a batch, not hundreds.
    let digest: ReturnType<typeof createNewestDigest> | null = null
    let removePeer: (() => void) | null = null
    let credentialOf: (() => Credential | null) | null = null
    const send = (f: ServerFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(f))
    const helloTimer = setTimeout(() => ws.close(CLOSE_UNAUTHORIZED, 'no hello'), 10_000)

    ws.on('message', (data, isBinary) => {
      let frame: ClientFrame
      try {
        if (isBinary) throw new Error('binary')
        frame = JSON.parse(data.toString()) as ClientFrame
        if (typeof frame !== 'object' || frame === null) throw new Error('not an object')
      } catch {
        ws.close(CLOSE_PROTOCOL, 'bad frame')
        return
      }
      if (!peer) {
        const token = frame.t === 'hello' && typeof frame.token === 'string' ? frame.token : null
        const first = token ? opts.authenticate(token) : null
        clearTimeout(helloTimer)
        if (!token || !first) {
          send({ t: 'bye', error: { code: 'unauthorized', message: 'missing or wrong token' } })
          // An ended operator session is not a wrong hall secret: the page signs in again.
          const sessionLike = token?.startsWith('zss_') ?? false
          ws.close(sessionLike ? CLOSE_SESSION_ENDED : CLOSE_UNAUTHORIZED, 'unauthorized')
          return
        }
        // Sessions can be locked, unlocked or ended while the socket is open: every call and
        // every live event asks again (a map lookup).
        const current = (): Credential | null => opts.authenticate(token)
        peer = {
          get scopes() {
            return current()?.scopes ?? []
          },
          subscriptions: new Set(),
          send: (name, payload, frame) => {
            // A peer that cannot keep up is dropped rather than buffered without bound; it
            // reconnects and reloads its view.
            if (ws.bufferedAmount > 16 * 1024 * 1024) return ws.terminate()
            if (ws.readyState !== ws.OPEN) return
            if (digest && name === DIGESTED_EVENT) {
              const items = digest.reduce((payload as { items: EventSummary[] }).items)
              ws.send(JSON.stringify({ t: 'event', name, data: { items } } satisfies ServerFrame))
            } else ws.send(frame(), { binary: false })
          },
        }
        credentialOf = current
        removePeer = opts.live.add(peer)
        send({
          t: 'welcome',
          protocol: WIRE_PROTOCOL_VERSION,
          scopes: [...first.scopes],
          appVersion: opts.appVersion,
        })
        return
      }
      switch (frame.t) {
        case 'call': {
          if (typeof frame.id !== 'number' || typeof frame.method !== 'string') return
          const credential = credentialOf?.() ?? null
          if (!credential) {
            send({ t: 'reply', id: frame.id, ok: false, error: { code: 'unauthorized', message: 'session ended' } })
            ws.close(CLOSE_SESSION_ENDED, 'session ended')
            return
          }
          void opts
            .dispatch(frame.method, frame.params, { ...credential, peer: peerName })
            .then((env) => send({ t: 'reply', id: frame.id, ...env }))
            .catch((e: Error) => {
              // e.g. a value that cannot be serialised: answer with an error, never crash the engine.
              opts.log(`reply to ${frame.method} failed: ${e.message}`)
              send({
                t: 'reply',
                id: frame.id,
                ok: false,
                error: { code: 'internal', message: 'reply could not be sent' },
              })
            })
          break
        }
        case 'sub':
          for (const e of Array.isArray(frame.events) ? frame.events : []) peer.subscriptions.add(String(e))
          break
        case 'unsub':
          for (const e of Array.isArray(frame.events) ? frame.events : []) peer.subscriptions.delete(String(e))
          break
        case 'digest': {
          if (frame.event !== DIGESTED_EVENT) break
          const given = frame.digest === null ? null : parseDigest(frame.digest)
          digest = given ? createNewestDigest(given) : null
          break
        }
      }
    })
    ws.on('close', () => {
      clearTimeout(helloTimer)
      removePeer?.()
    })
    ws.on('error', () => ws.terminate())
  }

  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(opts.port, opts.host, () => res())
  })
  const port = (server.address() as AddressInfo).port
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  const url = `http://${hostForUrl}:${port}`
  selfOrigins = new Set([url, `http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`])

  return {
    server,
    port,
    url,
    async close() {
      for (const c of wss.clients) c.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
