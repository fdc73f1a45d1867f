/**
 * Shared parts of the wall benches (wall-storm.ts, wall-soak.ts): realistic event payloads whose
 * id carries a sequence number and whose report time is chosen at publish time (so the wall's
 * ticker, newest first, shows them), a paced QoS 1 publisher that notes when it published each
 * event, and a Chromium wall page instrumented before the app loads:
 * - every long task (PerformanceObserver 'longtask', ≥ 50 ms) with its start and duration;
 * - when each bench event first shows in the ticker: a MutationObserver sees the ticker item, the
 *   next animation frame (the paint it goes out with) is the time noted.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs'
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test'
import { connectAsync, type MqttClient } from 'mqtt'
import { sampleEvents } from '../tests/fixtures/events'
import type { EngineProcess } from '../tests/helpers/engine'

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const now = () => performance.timeOrigin + performance.now()
export const envNumber = (name: string, fallback: number) => {
  const v = process.env[name]
  return v === undefined || v === '' ? fallback : Number(v)
}
export const percentile = (sorted: ArrayLike<number>, p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN

const ISO_OFFSET_MS = 8 * 3600_000
/** ISO 8601 in Asia/Shanghai, cached per second (publishing must stay cheap). */
let isoCache = { second: -1, text: '' }
export function hallIso(ms: number) {
  const second = Math.floor(ms / 1000)
  if (second !== isoCache.second)
    isoCache = { second, text: new Date(second * 1000 + ISO_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00') }
  return isoCache.text
}

/** 30 varied valid zs.event/1 templates; `payload(seq, reportedMs)` fills in id and times. */
export function eventFactory(tag: string, opts: { maxSeverity?: number } = {}) {
  const templates = sampleEvents(30).map((e) => {
    const rest: Record<string, unknown> = { ...e }
    for (const k of ['schema', 'id', 'reportedAt', 'updatedAt', 'occurredAt']) delete rest[k]
    if (opts.maxSeverity) rest.severity = Math.min(e.severity, opts.maxSeverity)
    return { suffix: `events/${e.source}`, tail: JSON.stringify(rest).slice(1) }
  })
  return (seq: number, reportedMs: number) => {
    const t = templates[seq % templates.length]
    const at = hallIso(reportedMs)
    return {
      suffix: t.suffix,
      body: `{"schema":"zs.event/1","id":"EV-W-${tag}-${seq}","reportedAt":"${at}","updatedAt":"${at}",${t.tail}`,
    }
  }
}

export interface Publisher {
  /** Publishes `count` events at `rate` per second from sequence `first`; resolves when all are PUBACKed. */
  run(opts: {
    first: number
    count: number
    rate: number
    reportedMs?: (seq: number) => number
    onProgress?: (sent: number) => void
  }): Promise<{ acked: number; failed: number; achieved: number }>
  publishedAt: Float64Array
  close(): Promise<void>
}

export async function connectPublisher(url: string, root: string, tag: string, total: number, maxSeverity?: number) {
  const client: MqttClient = await connectAsync(url, {
    clientId: `zs-wallbench-${process.pid}-${tag}`,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
  })
  const payload = eventFactory(tag, { maxSeverity })
  const publishedAt = new Float64Array(total)
  const publisher: Publisher = {
    publishedAt,
    async run({ first, count, rate, reportedMs, onProgress }) {
      let acked = 0
      let failed = 0
      let sent = 0
      let done: () => void = () => {}
      const all = new Promise<void>((r) => (done = r))
      const onAck = (err?: Error) => {
        if (err) failed++
        else acked++
        if (acked + failed === count) done()
      }
      const t0 = performance.now()
      let lastProgress = 0
      while (sent < count) {
        const due = Math.min(count, Math.floor(((performance.now() - t0) / 1000) * rate)) - sent
        for (let i = 0; i < Math.min(due, 2000); i++) {
          const seq = first + sent++
          const at = now()
          const p = payload(seq, reportedMs ? reportedMs(seq) : at)
          publishedAt[seq] = at
          client.publish(`${root}/${p.suffix}`, p.body, { qos: 1 }, onAck)
        }
        if (onProgress && performance.now() - lastProgress > 1000) {
          lastProgress = performance.now()
          onProgress(sent)
        }
        await sleep(2)
      }
      const achieved = count / ((performance.now() - t0) / 1000)
      if (count === 0) done()
      await all
      return { acked, failed, achieved }
    },
    close: () => client.endAsync(),
  }
  return publisher
}

/** Runs in the page before the app: long tasks and first ticker appearance of each bench event. */
function wallRecorder(args: { total: number; tag: string }) {
  // Runs in the page; the bench's tsconfig has no DOM lib, hence the narrow local types.
  interface El {
    getAttribute(n: string): string | null
    querySelectorAll(s: string): ArrayLike<El>
    matches?(s: string): boolean
  }
  const g = globalThis as unknown as {
    document: El
    MutationObserver: new (cb: (records: { addedNodes: ArrayLike<El> }[]) => void) => {
      observe(target: El, o: { childList: boolean; subtree: boolean }): void
    }
    PerformanceObserver: new (cb: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
      observe(o: { type: string; buffered: boolean }): void
    }
    requestAnimationFrame(cb: () => void): void
    __wallBench: unknown
  }
  const shownAt = new Float64Array(args.total)
  const longTasks: { at: number; ms: number }[] = []
  g.__wallBench = { shownAt, longTasks }
  const prefix = `EV-W-${args.tag}-`
  let pending: number[] = []
  let frameAsked = false
  const note = (el: El) => {
    const id = el.getAttribute?.('data-event-id')
    if (id && id.startsWith(prefix)) {
      const seq = Number(id.slice(prefix.length))
      if (seq < shownAt.length && shownAt[seq] === 0) pending.push(seq)
    }
  }
  new g.MutationObserver((records) => {
    for (const r of records)
      for (let i = 0; i < r.addedNodes.length; i++) {
        const n = r.addedNodes[i]
        if (!n.getAttribute) continue
        note(n)
        const inner = n.querySelectorAll('[data-testid="wall-ticker-item"]')
        for (let j = 0; j < inner.length; j++) note(inner[j])
      }
    if (pending.length && !frameAsked) {
      frameAsked = true
      g.requestAnimationFrame(() => {
        const at = performance.timeOrigin + performance.now()
        for (const seq of pending) if (shownAt[seq] === 0) shownAt[seq] = at
        pending = []
        frameAsked = false
      })
    }
  }).observe(g.document, { childList: true, subtree: true })
  new g.PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ at: performance.timeOrigin + e.startTime, ms: e.duration })
  }).observe({ type: 'longtask', buffered: true })
}

/** DevTools' timeline plus what attributes native work on the main thread (posted-from task sources, IPC, V8, GC). */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'mojom',
  'blink',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'blink.user_timing',
  'loading',
].join(',')

export interface WallPage {
  browser: Browser
  page: Page
  cdp: CDPSession
  /** Long tasks noted so far (epoch ms start, duration). */
  longTasks(): Promise<{ at: number; ms: number }[]>
  shownAt(): Promise<Float64Array>
  /** JS heap after a full garbage collection (bytes), and the DOM node count. */
  heapAfterGc(): Promise<{ usedBytes: number; nodes: number }>
  /** Writes a heap snapshot (after a full GC) to `file` (.heapsnapshot, DevTools' format). */
  heapSnapshot(file: string): Promise<void>
  /** Starts the page's sampling CPU profiler (CDP Profiler, 1 ms samples); resolves with the page's epoch ms then. */
  startProfile(): Promise<number>
  /** Stops it and writes the profile to `file` (.cpuprofile: DevTools' Performance panel or speedscope open it). */
  stopProfile(file: string): Promise<void>
  /** Starts a DevTools timeline trace (tasks, layout, paint, scripts; long-task attribution). */
  startTrace(): Promise<void>
  /** Stops it and writes the trace to `file` (.json, Trace Event Format: DevTools or Perfetto open it). */
  stopTrace(file: string): Promise<void>
  close(): Promise<void>
}

/** Opens the page's tab signed in with an operator's session (as after a reload of a signed-in workstation). */
export async function signedIn(page: Page, operatorSession: string) {
  await page.addInitScript(
    (token) =>
      (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(
        'zhongshu.operatorSession',
        token,
      ),
    operatorSession,
  )
}

export async function openWallPage(
  engine: EngineProcess,
  opts: {
    total: number
    tag: string
    route?: string
    width?: number
    height?: number
    /** An operator's session token: the page opens signed in (a workstation needs one). */
    operatorSession?: string
  },
): Promise<WallPage> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
    ],
  })
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1920, height: opts.height ?? 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const page = await context.newPage()
  await page.addInitScript(wallRecorder, { total: opts.total, tag: opts.tag })
  if (opts.operatorSession) await signedIn(page, opts.operatorSession)
  await page.goto(`${engine.url}/?token=${encodeURIComponent(engine.token)}${opts.route ?? '#/wall'}`)
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  await page
    .waitForSelector('html[data-app-state="ready"]', { state: 'attached', timeout: 60_000 })
    .catch(async (e: Error) => {
      const state = await page.evaluate(() =>
        (
          globalThis as unknown as { document: { documentElement: { getAttribute(n: string): string | null } } }
        ).document.documentElement.getAttribute('data-app-state'),
      )
      throw new Error(`${e.message}\napp state: ${state}; page errors: ${problems.join(' | ') || 'none'}`)
    })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable')
  type Bench = { __wallBench: { shownAt: Float64Array; longTasks: { at: number; ms: number }[] } }
  return {
    browser,
    page,
    cdp,
    longTasks: () => page.evaluate(() => (globalThis as unknown as Bench).__wallBench.longTasks.slice()),
    shownAt: async () =>
      Float64Array.from(await page.evaluate(() => Array.from((globalThis as unknown as Bench).__wallBench.shownAt))),
    async heapAfterGc() {
      await cdp.send('HeapProfiler.collectGarbage')
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      const metrics = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
      return { usedBytes: heap.usedSize, nodes: metrics.metrics.find((m) => m.name === 'Nodes')?.value ?? NaN }
    },
    async heapSnapshot(file) {
      const out = createWriteStream(file)
      const onChunk = (e: { chunk: string }) => void out.write(e.chunk)
      cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
      try {
        await cdp.send('HeapProfiler.collectGarbage')
        await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
      } finally {
        cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
      }
    },
    async startProfile() {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 })
      await cdp.send('Profiler.start')
      return page.evaluate(() => performance.timeOrigin + performance.now())
    },
    async stopProfile(file) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown }
      await cdp.send('Profiler.disable')
      writeFileSync(file, JSON.stringify(profile))
    },
    async startTrace() {
      await cdp.send('Tracing.start', {
        transferMode: 'ReturnAsStream',
        traceConfig: {
          includedCategories: (process.env.BENCH_WALL_TRACE_CATEGORIES || TRACE_CATEGORIES).split(','),
        },
      })
    },
    async stopTrace(file) {
      const done = new Promise<string>((resolve) =>
        cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream ?? '')),
      )
      await cdp.send('Tracing.end')
      const stream = await done
      const out = createWriteStream(file)
      for (;;) {
        const chunk = (await cdp.send('IO.read', { handle: stream, size: 1 << 20 })) as {
          data: string
          eof: boolean
          base64Encoded?: boolean
        }
        out.write(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64') : chunk.data)
        if (chunk.eof) break
      }
      await cdp.send('IO.close', { handle: stream })
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
    },
    close: () => browser.close(),
  }
}

/** Delays (ms) from publish to the ticker for the events in [from, to) that showed. */
export function tickerDelays(publishedAt: Float64Array, shownAt: Float64Array, from: number, to: number) {
  const d: number[] = []
  for (let i = from; i < to; i++) if (shownAt[i] > 0 && publishedAt[i] > 0) d.push(shownAt[i] - publishedAt[i])
  const sorted = Float64Array.from(d).sort()
  return {
    shown: d.length,
    of: to - from,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  }
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string; src_file?: string; src_func?: string; data?: { functionName?: string } }
}

/**
 * The page's long tasks in a DevTools trace (wall-lib's trace categories): for each top-level task
 * of the renderer's main thread longer than `minMs`, its wall and CPU time, where it was posted from
 * (a timer, a WebSocket or worker message, a frame…) and what ran in it. CPU far below wall time
 * means the thread waited for a core (a saturated machine), not that the page worked that long.
 */
export function longTasksOfTrace(file: string, minMs = 50) {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as TraceEvent[] | { traceEvents: TraceEvent[] }
  const events = Array.isArray(raw) ? raw : raw.traceEvents
  const threadNames = new Map<string, string>()
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
  const perThread = new Map<string, number>()
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`
    if (threadNames.get(k) === 'CrRendererMain') perThread.set(k, (perThread.get(k) ?? 0) + 1)
  }
  const main = [...perThread].sort((a, b) => b[1] - a[1])[0]?.[0]
  const mine = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X').sort((a, b) => a.ts - b.ts)
  const kinds = ['FunctionCall', 'TimerFire', 'FireAnimationFrame', 'Layout', 'Paint', 'Commit', 'MajorGC', 'MinorGC']
  return mine
    .filter((t) => t.name === 'RunTask' && (t.dur ?? 0) >= minMs * 1000)
    .map((t) => {
      const end = t.ts + (t.dur ?? 0)
      const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts <= end)
      const posted = inside.find((e) => e.name === 'ThreadControllerImpl::RunTask')?.args
      const functions = inside
        .filter((e) => e.name === 'FunctionCall' && (e.tdur ?? 0) >= 1000)
        .map((e) => `${e.args?.data?.functionName || '?'} ${((e.tdur ?? 0) / 1000).toFixed(0)} ms`)
      return {
        wallMs: Math.round((t.dur ?? 0) / 1000),
        cpuMs: Math.round((t.tdur ?? 0) / 1000),
        postedFrom: posted?.src_file ? `${posted.src_file.replace(/^.*\//, '')} ${posted.src_func ?? ''}` : '?',
        ran: kinds.filter((k) => inside.some((e) => e.name === k)),
        functions,
      }
    })
}
