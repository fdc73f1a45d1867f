/**
 * A storm: 5,000 events/s for 60 s, then a 10 s burst at 10,000 events/s, published at QoS 1 to a
 * real Mosquitto while the engine host runs with live clients subscribed — a real Chromium page
 * with the workstation open (`/?token=…`, Debian's /usr/bin/chromium through Playwright) and a
 * Node WebSocket client speaking the wire protocol (hello → sub events.onDidChange).
 *
 * Measured:
 * - lost: published (PUBACKed by the broker) minus stored (the database, and /api/health) — must be 0;
 * - delay from publish to the live client receiving the change (each event's id carries its
 *   sequence number; the publisher notes when it published each one, the clients when each
 *   arrived): p50 / p95 / max — goal p95 < 1 s;
 * - the engine's memory (VmRSS and JS heap) before, during and after the storm plus a settle period
 *   (the readings before and after follow a full GC the bench asks for: bench/gc-on-signal.cjs) —
 *   "flat" when it is back within 10 % of the level before the storm;
 * - the rate the publisher actually achieved on this machine.
 * Raw baseline in the same run: the same schedule to a bare MQTT.js subscriber (p95 delay), printed
 * beside the engine's as a ratio.
 *
 * Env: BENCH_STORM_RATE (5000), BENCH_STORM_SECONDS (60), BENCH_STORM_BURST_RATE (10000),
 * BENCH_STORM_BURST_SECONDS (10), BENCH_STORM_SETTLE_SECONDS (30), BENCH_STORM_INDEX_WAIT_SECONDS
 * (240), BENCH_STORM_BROWSER (1), BENCH_STORM_WS (1), BENCH_STORM_RAW (1), BENCH_STORM_MEMORY_REPEATS
 * (0: further storms, same schedule and clients, after which only the memory is read — a level
 * that stays put storm after storm is a high-water mark, one that keeps rising is a leak).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from '@playwright/test'
import { connectAsync, type MqttClient } from 'mqtt'
import { sampleEvents } from '../tests/fixtures/events'
import { startEngineProcess, type EngineProcess } from '../tests/helpers/engine'
import { startMosquitto } from '../tests/helpers/mosquitto'
import { cpuByGroup, fmt, isChromium, isMosquitto, writeResult } from './lib'
import { signedIn } from './wall-lib'

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const RATE = env('BENCH_STORM_RATE', 5000)
const SECONDS = env('BENCH_STORM_SECONDS', 60)
const BURST_RATE = env('BENCH_STORM_BURST_RATE', 10_000)
const BURST_SECONDS = env('BENCH_STORM_BURST_SECONDS', 10)
const SETTLE_SECONDS = env('BENCH_STORM_SETTLE_SECONDS', 30)
const INDEX_WAIT_SECONDS = env('BENCH_STORM_INDEX_WAIT_SECONDS', 240)
const BROWSER = env('BENCH_STORM_BROWSER', 1) === 1
const WS_CLIENT = env('BENCH_STORM_WS', 1) === 1
const RAW = env('BENCH_STORM_RAW', 1) === 1
/** Further storms after the measured one, each read for memory only: does the engine's RSS keep growing or level off? */
const MEMORY_REPEATS = env('BENCH_STORM_MEMORY_REPEATS', 0)
const TOTAL = RATE * SECONDS + BURST_RATE * BURST_SECONDS
const DELAY_GOAL_MS = 1000
const DRAIN_TIMEOUT_MS = 15 * 60_000
const here = new URL('.', import.meta.url).pathname
const log = (line: string) => console.log(line)
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const percentile = (sorted: Float64Array | number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN

// ---------- payloads: varied valid zs.event/1, the id carrying the sequence number ----------
const MARK = 'EV-S-MARK'
const templates = sampleEvents(30).map((e) => {
  const { schema, id: _id, ...rest } = e
  void _id
  // schema and id first, so a receiver finds the id in the first bytes.
  const text = JSON.stringify({ schema, id: MARK, ...rest })
  const [head, tail] = text.split(MARK)
  return { topicSuffix: `events/${e.source}`, head, tail }
})
const payload = (tag: string, seq: number) => {
  const t = templates[seq % templates.length]
  return { suffix: t.topicSuffix, body: `${t.head}EV-S-${tag}-${seq}${t.tail}` }
}

/** Publishes the schedule (RATE for SECONDS, then BURST_RATE for BURST_SECONDS) at QoS 1. */
async function publishStorm(url: string, root: string, tag: string) {
  const client: MqttClient = await connectAsync(url, {
    clientId: `zs-storm-pub-${process.pid}-${tag}`,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
  })
  const publishedAt = new Float64Array(TOTAL)
  let sent = 0
  let acked = 0
  let failed = 0
  const phases = [
    { rate: RATE, seconds: SECONDS },
    { rate: BURST_RATE, seconds: BURST_SECONDS },
  ]
  const phaseStats: { rate: number; seconds: number; published: number; achieved: number }[] = []
  let allAcked: () => void = () => {}
  const acknowledged = new Promise<void>((r) => (allAcked = r))
  const onAck = (err?: Error) => {
    if (err) failed++
    else acked++
    if (acked + failed === TOTAL) allAcked()
  }
  for (const phase of phases) {
    const target = phase.rate * phase.seconds
    const first = sent
    const t0 = performance.now()
    // Every few ms, publish what the schedule says is due by now (capped per tick so the event
    // loop can read PUBACKs).
    while (sent - first < target) {
      const due = Math.min(target, Math.floor(((performance.now() - t0) / 1000) * phase.rate)) - (sent - first)
      for (let i = 0; i < Math.min(due, 2000); i++) {
        const seq = sent++
        const p = payload(tag, seq)
        publishedAt[seq] = now()
        client.publish(`${root}/${p.suffix}`, p.body, { qos: 1 }, onAck)
      }
      await sleep(2)
    }
    const elapsed = (performance.now() - t0) / 1000
    phaseStats.push({ ...phase, published: target, achieved: target / elapsed })
  }
  await acknowledged
  await client.endAsync()
  return { publishedAt, acked, failed, phases: phaseStats }
}

interface Client {
  proc: ChildProcess
  dump(): Promise<Float64Array>
}
function startClient(args: string[]): Promise<Client> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(here, 'storm-client.mjs'), ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const waiters: ((line: string) => void)[] = []
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line === 'ready')
        resolve({
          proc,
          dump: () =>
            new Promise((done) => {
              const file = join(tmpdir(), `zs-storm-${proc.pid}.bin`)
              waiters.push(() => {
                const buf = readFileSync(file)
                rmSync(file, { force: true })
                done(new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8))
              })
              proc.stdin!.write(`dump ${file}\n`)
            }),
        })
      else if (line.startsWith('dumped')) waiters.shift()?.(line)
    })
    proc.once('exit', (code) => reject(new Error(`storm client exited (${code})`)))
  })
}

/** Delays (ms) of the arrivals against the publish times (events [from, to)); how many never arrived. */
function delays(publishedAt: Float64Array, arrivals: Float64Array, from = 0, to = publishedAt.length) {
  const d: number[] = []
  let missing = 0
  for (let i = from; i < to; i++) {
    if (arrivals[i] > 0) d.push(arrivals[i] - publishedAt[i])
    else missing++
  }
  const sorted = Float64Array.from(d).sort()
  return {
    received: d.length,
    missing,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  }
}
type Delays = ReturnType<typeof delays>
const showDelays = (d: Delays) =>
  `p50 ${fmt(d.p50)} ms, p95 ${fmt(d.p95)} ms, p99 ${fmt(d.p99)} ms, max ${fmt(d.max)} ms (received ${fmt(d.received)}, missing ${fmt(d.missing)})`

function rssMb(pid: number) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}

/** Injected into the page before the app loads: notes when each storm event reaches the page. */
function pageRecorder(args: { total: number; tag: string }) {
  // Runs in the page; the bench's tsconfig has no DOM lib, hence the narrow local types.
  type Listener = (ev: { data: unknown }) => void
  type Socket = { addEventListener(type: 'message', listener: Listener): void }
  const page = globalThis as unknown as {
    WebSocket: new (url: string | URL, protocols?: string | string[]) => Socket
    __storm: unknown
  }
  const arrivals = new Float64Array(args.total)
  let received = 0
  const idPattern = new RegExp(`"id":"EV-S-${args.tag}-(\\d+)"`, 'g')
  const Native = page.WebSocket
  class Recording extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      // Added before the app's own listener: the time the frame reached the page's thread.
      this.addEventListener('message', (ev) => {
        const at = performance.timeOrigin + performance.now()
        if (typeof ev.data !== 'string' || !ev.data.includes('events.onDidChange')) return
        idPattern.lastIndex = 0
        for (let m = idPattern.exec(ev.data); m; m = idPattern.exec(ev.data)) {
          const seq = Number(m[1])
          if (seq < arrivals.length && arrivals[seq] === 0) {
            arrivals[seq] = at
            received++
          }
        }
      })
    }
  }
  page.WebSocket = Recording
  page.__storm = { arrivals, received: () => received }
}

const broker = await startMosquitto({ maxQueued: TOTAL * 2 + 10_000 })
const stops: (() => Promise<void> | void)[] = [() => broker.stop()]
const result: Record<string, unknown> = {
  bench: 'storm',
  schedule: { rate: RATE, seconds: SECONDS, burstRate: BURST_RATE, burstSeconds: BURST_SECONDS, total: TOTAL },
}
try {
  log(
    `storm: ${fmt(RATE)}/s for ${SECONDS} s + ${fmt(BURST_RATE)}/s for ${BURST_SECONDS} s = ${fmt(TOTAL)} events, QoS 1`,
  )

  // ---------- raw baseline: the same schedule to a bare MQTT.js subscriber ----------
  let raw: Delays | null = null
  if (RAW) {
    const client = await startClient(['mqtt', broker.url, 'raw/events/+', String(TOTAL)])
    stops.unshift(() => void client.proc.kill('SIGTERM'))
    const pub = await publishStorm(broker.url, 'raw', 'raw')
    const deadline = Date.now() + DRAIN_TIMEOUT_MS
    let arrivals = await client.dump()
    while (arrivals.filter((a) => a > 0).length < pub.acked && Date.now() < deadline) {
      await sleep(500)
      arrivals = await client.dump()
    }
    client.proc.kill('SIGTERM')
    raw = delays(pub.publishedAt, arrivals)
    result.raw = { ...raw, publisher: pub.phases }
    log(
      `raw (bare MQTT.js subscriber): published ${pub.phases.map((p) => `${fmt(p.achieved)}/s`).join(' then ')} — delay ${showDelays(raw)}`,
    )
  }

  // ---------- the engine with live clients ----------
  const dataDir = mkdtempSync(join(tmpdir(), 'zs-storm-'))
  stops.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const root = 'storm'
  const tag = 'e'
  const engine: EngineProcess = await startEngineProcess({
    brokerUrl: broker.url,
    dataDir,
    topicRoot: root,
    // SIGUSR2 → a full GC in the engine, for the memory readings before and after the storm.
    nodeArgs: ['--expose-gc', '--require', join(here, '..', '..', 'bench', 'gc-on-signal.cjs')],
  })
  stops.unshift(() => engine.stop())
  const pid = engine.proc.pid!

  let browser: Browser | null = null
  let page: Page | null = null
  if (BROWSER) {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    stops.unshift(() => browser!.close())
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    })
    page = await context.newPage()
    await page.addInitScript(pageRecorder, { total: TOTAL, tag })
    // A duty officer signed in in this tab.
    await signedIn(page, await engine.sessionToken('officer'))
    await page.goto(`${engine.url}/?token=${encodeURIComponent(engine.token)}`)
    await page.waitForSelector('html[data-app-state="ready"]', { state: 'attached', timeout: 30_000 })
  }
  let ws: Client | null = null
  if (WS_CLIENT) {
    ws = await startClient(['ws', engine.url, engine.token, String(TOTAL), tag])
    stops.unshift(() => void ws!.proc.kill('SIGTERM'))
  }

  // Memory: idle level first, then sampled every second through the storm and the settle period.
  await sleep(5000)
  // The JS heap in use comes from the engine's own health (process.memoryUsage), the RSS from /proc.
  const memory: { t: number; rssMb: number; heapMb: number; phase: string }[] = []
  let phase = 'before'
  const t0 = performance.now()
  const heapMb = async () => {
    try {
      return (await engine.get<{ engine: { memory: { heapUsedMb: number } } }>('/api/health')).engine.memory.heapUsedMb
    } catch {
      return NaN
    }
  }
  const sampler = setInterval(() => {
    const t = (performance.now() - t0) / 1000
    const at = phase
    void heapMb().then((h) => memory.push({ t, rssMb: rssMb(pid), heapMb: h, phase: at }))
  }, 1000)
  await sleep(3000)
  const afterGc = async () => {
    process.kill(pid, 'SIGUSR2')
    await sleep(1000)
    return { rss: rssMb(pid), heap: await heapMb() }
  }
  const idle = await afterGc()
  const before = idle.rss
  const heapBefore = idle.heap

  // Who takes the machine's cores while the storm is published and drained.
  const cpuGroups = {
    engine: (_cmd: string, p: number) => p === pid,
    chromium: isChromium,
    mosquitto: isMosquitto,
    'bench (publisher, WS client)': (cmd: string, p: number) => p === process.pid || cmd.includes('storm-client'),
  }
  const cpuBefore = cpuByGroup(cpuGroups)
  phase = 'storm'
  const stormStarted = performance.now()
  const pub = await publishStorm(broker.url, root, tag)
  const publishedEnd = performance.now()
  phase = 'drain'
  const health = () => engine.get<{ ingest: { stored: number }; storedEvents: number }>('/api/health')
  /** Waits (up to DRAIN_TIMEOUT_MS) until the engine counts `target` stored; returns its count. */
  const drainTo = async (target: number) => {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS
    let n = 0
    while ((n = (await health()).ingest.stored) < target && Date.now() < deadline) await sleep(200)
    return n
  }
  const stored = await drainTo(pub.acked)
  const drainedSeconds = (performance.now() - publishedEnd) / 1000
  const cpuAfter = cpuByGroup(cpuGroups)
  const stormWallSeconds = (performance.now() - stormStarted) / 1000
  phase = 'settle'
  await sleep(SETTLE_SECONDS * 1000)
  // "Afterwards" is once the engine has finished the storm's work: the text index fills in the
  // background after the rows are stored (400,000 rows take a minute or more), and what it holds
  // while it runs is not growth. Waited for (up to BENCH_STORM_INDEX_WAIT_SECONDS), then measured.
  const textPending = () => {
    const r = new Database(join(dataDir, 'hall.sqlite3'), { readonly: true })
    try {
      return (
        r
          .prepare(
            `SELECT (SELECT count(*) FROM events WHERE rowid > (SELECT indexed_to FROM events_fts_state))
                  + (SELECT count(*) FROM events_fts_pending) AS n`,
          )
          .get() as { n: number }
      ).n
    } finally {
      r.close()
    }
  }
  /** Waits (up to INDEX_WAIT_SECONDS) until the text index has caught up. */
  const waitForTextIndex = async () => {
    const atStart = textPending()
    const deadline = Date.now() + INDEX_WAIT_SECONDS * 1000
    const started = performance.now()
    let pending = atStart
    while (pending > 0 && Date.now() < deadline) {
      await sleep(2000)
      pending = textPending()
    }
    return { atStart, pending, seconds: (performance.now() - started) / 1000 }
  }
  const { atStart: pendingAtSettle, pending: pendingAfter, seconds: indexWaitSeconds } = await waitForTextIndex()
  clearInterval(sampler)
  const settled = await afterGc()
  const after = settled.rss
  const heapAfter = settled.heap

  const db = new Database(join(dataDir, 'hall.sqlite3'), { readonly: true })
  const inDb = (
    db.prepare("SELECT count(*) AS n FROM events WHERE id LIKE 'EV-S-' || ? || '-%'").get(tag) as { n: number }
  ).n
  db.close()

  const clients: Record<string, Delays> = {}
  const byPhase: Record<string, { steady: Delays; burst: Delays }> = {}
  const steadyCount = RATE * SECONDS
  const record = (name: string, arrivals: Float64Array) => {
    clients[name] = delays(pub.publishedAt, arrivals)
    byPhase[name] = {
      steady: delays(pub.publishedAt, arrivals, 0, steadyCount),
      burst: delays(pub.publishedAt, arrivals, steadyCount),
    }
  }
  if (page) {
    record(
      'browser',
      Float64Array.from(
        await page.evaluate(() =>
          Array.from((globalThis as unknown as { __storm: { arrivals: Float64Array } }).__storm.arrivals),
        ),
      ),
    )
  }
  if (ws) record('ws', await ws.dump())

  const peak = Math.max(...memory.map((m) => m.rssMb))
  const flat = after <= before * 1.1
  const heapPeak = Math.max(...memory.map((m) => m.heapMb).filter((h) => !Number.isNaN(h)))
  const heapFlat = heapAfter <= heapBefore * 1.1
  const lost = pub.acked - inDb
  result.engine = {
    publisher: pub.phases,
    published: pub.acked,
    publishFailed: pub.failed,
    stored: inDb,
    healthStored: stored,
    lost,
    drainedSecondsAfterLastPublish: Number(drainedSeconds.toFixed(1)),
    clients,
    byPhase,
    memoryMb: {
      before: Number(before.toFixed(1)),
      peak: Number(peak.toFixed(1)),
      after: Number(after.toFixed(1)),
      flat,
      heapBefore,
      heapPeak,
      heapAfter,
      heapFlat,
      textIndexPendingAtSettle: pendingAtSettle,
      textIndexPendingWhenMeasured: pendingAfter,
      textIndexWaitSeconds: Number(indexWaitSeconds.toFixed(1)),
    },
    cpuSeconds: Object.fromEntries(
      Object.keys(cpuAfter).map((g) => [g, Number((cpuAfter[g] - cpuBefore[g]).toFixed(1))]),
    ),
    cpuWallSeconds: Number(stormWallSeconds.toFixed(1)),
    memorySamples: memory.map((m) => ({ ...m, t: Number(m.t.toFixed(1)), rssMb: Number(m.rssMb.toFixed(1)) })),
  }

  log(`\nengine: published ${pub.phases.map((p) => `${fmt(p.achieved)}/s for ${p.seconds} s`).join(', then ')}`)
  log(
    `  published ${fmt(pub.acked)} (failed ${pub.failed}), stored ${fmt(inDb)} → lost ${lost} ${lost === 0 ? 'OK' : 'FAIL'}; all stored ${drainedSeconds.toFixed(1)} s after the last publish`,
  )
  for (const [name, d] of Object.entries(clients)) {
    const phases = byPhase[name]
    log(
      `  ${name === 'browser' ? 'Chromium page' : 'Node WebSocket client'} by phase: ${fmt(RATE)}/s p50 ${fmt(phases.steady.p50)} ms, p95 ${fmt(phases.steady.p95)} ms; burst ${fmt(BURST_RATE)}/s p50 ${fmt(phases.burst.p50)} ms, p95 ${fmt(phases.burst.p95)} ms`,
    )
    log(
      `  ${name === 'browser' ? 'Chromium page' : 'Node WebSocket client'}: delay ${showDelays(d)} ${d.p95 < DELAY_GOAL_MS && d.missing === 0 ? 'OK' : 'SLOW'}${
        raw ? ` — p95 ÷ raw p95 (${fmt(raw.p95, 1)} ms) = ${(d.p95 / raw.p95).toFixed(1)}` : ''
      }`,
    )
  }
  log(
    `  CPU while publishing and draining (${stormWallSeconds.toFixed(0)} s × ${availableParallelism()} cores = ${(stormWallSeconds * availableParallelism()).toFixed(0)} core-s): ` +
      Object.keys(cpuAfter)
        .map((g) => `${g} ${(cpuAfter[g] - cpuBefore[g]).toFixed(1)} s`)
        .join(', '),
  )
  log(
    `  the text index: ${fmt(pendingAtSettle)} rows still to index after the ${SETTLE_SECONDS} s settle, ${pendingAfter === 0 ? `caught up ${indexWaitSeconds.toFixed(0)} s later` : `${fmt(pendingAfter)} still after ${indexWaitSeconds.toFixed(0)} s`}; memory read then`,
  )
  log(
    `  engine memory (VmRSS, before and after with a full GC): before ${fmt(before)} MB, peak ${fmt(peak)} MB, afterwards ${fmt(after)} MB → ${flat ? 'flat (within 10 %)' : `NOT flat (+${fmt(((after - before) / before) * 100)} %)`}`,
  )
  log(
    `  engine JS heap in use (before and after with a full GC): before ${fmt(heapBefore, 1)} MB, peak ${fmt(heapPeak, 1)} MB, afterwards ${fmt(heapAfter, 1)} MB → ${heapFlat ? 'flat (within 10 %)' : `NOT flat (+${fmt(((heapAfter - heapBefore) / heapBefore) * 100)} %)`}`,
  )

  // Further storms, for the memory only: the same schedule under another id tag (the clients'
  // recorders ignore it), drained, settled and read like the first.
  const repeats: { storm: number; rssMb: number; heapMb: number; textIndexPending: number }[] = []
  let storedSoFar = stored
  for (let r = 1; r <= MEMORY_REPEATS; r++) {
    const more = await publishStorm(broker.url, root, `m${r}`)
    const target = storedSoFar + more.acked
    storedSoFar = await drainTo(target)
    await sleep(SETTLE_SECONDS * 1000)
    const { pending } = await waitForTextIndex()
    const m = await afterGc()
    repeats.push({ storm: r + 1, rssMb: Number(m.rss.toFixed(1)), heapMb: m.heap, textIndexPending: pending })
    log(
      `  after storm ${r + 1} (${fmt(more.acked)} more events, all stored: ${storedSoFar >= target ? 'yes' : 'NO'}): VmRSS ${fmt(m.rss)} MB (after the first: ${fmt(after)} MB, ${m.rss <= after * 1.05 ? 'level' : `+${fmt(((m.rss - after) / after) * 100)} %`}), JS heap ${fmt(m.heap, 1)} MB (after the first: ${fmt(heapAfter, 1)} MB)`,
    )
  }
  if (repeats.length) (result.engine as Record<string, unknown>).memoryAfterFurtherStorms = repeats
  result.at = new Date().toISOString()
  writeResult('storm', result)
} finally {
  for (const s of stops) await s()
}
