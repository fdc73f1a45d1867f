/**
 * The compressed-time soak: ≥ 1,000,000 events through a wall page over ≥ 15 minutes — a day of
 * the county's traffic (report times spread over the 24 h before the run, in order) pushed in a
 * quarter of an hour — with the wall's rotation playing (`#/wall/play`, both pages). The page's JS
 * heap is measured after a forced garbage collection (CDP HeapProfiler.collectGarbage +
 * Runtime.getHeapUsage) every 30 s; the baseline is the heap right after the warm-up (the first
 * 20 % of the run), measured in the same run on the same page. Goal: the heap at the end is less
 * than 10 % above it. Also reported: DOM nodes, the engine's RSS, long tasks per minute.
 *
 * Env: BENCH_SOAK_EVENTS (1000000), BENCH_SOAK_MINUTES (15), BENCH_SOAK_WARMUP (0.2),
 * BENCH_SOAK_SAMPLE_SECONDS (30), BENCH_SOAK_ROUTE (#/wall/play), BENCH_SOAK_SNAPSHOTS (a directory: heap
 * snapshots of the page after the warm-up and at the end, compared at the end (bench/heap-snapshot.ts)).
 * A smoke run: BENCH_SOAK_EVENTS=20000 BENCH_SOAK_MINUTES=1 BENCH_SOAK_SAMPLE_SECONDS=5.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEngineProcess } from '../tests/helpers/engine'
import { startMosquitto } from '../tests/helpers/mosquitto'
import { heapDiffReport } from './heap-snapshot'
import { fmt, writeResult } from './lib'
import { connectPublisher, envNumber, openWallPage, sleep } from './wall-lib'

const EVENTS = envNumber('BENCH_SOAK_EVENTS', 1_000_000)
const MINUTES = envNumber('BENCH_SOAK_MINUTES', 15)
const WARMUP = envNumber('BENCH_SOAK_WARMUP', 0.2)
const SAMPLE_SECONDS = envNumber('BENCH_SOAK_SAMPLE_SECONDS', 30)
const ROUTE = process.env.BENCH_SOAK_ROUTE ?? '#/wall/play'
const SNAPSHOTS = process.env.BENCH_SOAK_SNAPSHOTS || null
const RATE = EVENTS / (MINUTES * 60)
const GROWTH_GOAL = 0.1
const DAY_MS = 24 * 3600_000
const log = (line: string) => console.log(line)
const mb = (bytes: number) => bytes / 1048576

function rssMb(pid: number) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}

const broker = await startMosquitto({ maxQueued: EVENTS + 10_000 })
const stops: (() => Promise<unknown> | void)[] = [() => broker.stop()]
try {
  log(
    `wall soak: ${fmt(EVENTS)} events over ${MINUTES} min (${fmt(RATE)}/s), a day of reports compressed, into ${ROUTE}`,
  )
  const dataDir = mkdtempSync(join(tmpdir(), 'zs-wall-soak-'))
  stops.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const root = 'wallsoak'
  const tag = 'k'
  const engine = await startEngineProcess({ brokerUrl: broker.url, dataDir, topicRoot: root })
  stops.unshift(() => engine.stop())
  // The ticker recorder is not needed here: a recorder for 0 events keeps the page's own memory.
  const wall = await openWallPage(engine, { total: 0, tag, route: ROUTE })
  stops.unshift(() => wall.close())
  const publisher = await connectPublisher(broker.url, root, tag, EVENTS)
  stops.unshift(() => publisher.close())
  await sleep(3000)

  const start = Date.now()
  const samples: { t: number; sent: number; heapMb: number; nodes: number; engineRssMb: number }[] = []
  let sent = 0
  let sampling = false
  let warmupSnapshot = false
  const snapshot = async (name: string) => {
    if (!SNAPSHOTS) return
    mkdirSync(SNAPSHOTS, { recursive: true })
    const file = join(SNAPSHOTS, `${name}.heapsnapshot`)
    await wall.heapSnapshot(file)
    log(`  heap snapshot: ${file}`)
  }
  const sample = async () => {
    if (sampling) return
    sampling = true
    try {
      const h = await wall.heapAfterGc()
      const s = {
        t: Math.round((Date.now() - start) / 1000),
        sent,
        heapMb: Number(mb(h.usedBytes).toFixed(2)),
        nodes: h.nodes,
        engineRssMb: Number(rssMb(engine.proc.pid!).toFixed(1)),
      }
      samples.push(s)
      log(
        `  ${s.t} s: ${fmt(s.sent)} sent, page heap ${s.heapMb} MB, ${s.nodes} DOM nodes, engine RSS ${s.engineRssMb} MB`,
      )
      if (!warmupSnapshot && s.t >= MINUTES * 60 * WARMUP) {
        warmupSnapshot = true
        await snapshot('warmup')
      }
    } finally {
      sampling = false
    }
  }
  await sample()
  const timer = setInterval(() => void sample(), SAMPLE_SECONDS * 1000)
  // Report times: from 24 h before the run to its start, in publishing order (compressed time).
  const run = await publisher.run({
    first: 0,
    count: EVENTS,
    rate: RATE,
    reportedMs: (seq) => start - DAY_MS + (seq / EVENTS) * DAY_MS,
    onProgress: (n) => (sent = n),
  })
  sent = EVENTS
  clearInterval(timer)
  const health = () => engine.get<{ ingest: { stored: number } }>('/api/health')
  const deadline = Date.now() + 10 * 60_000
  while ((await health()).ingest.stored < EVENTS && Date.now() < deadline) await sleep(1000)
  await sleep(5000)
  while (sampling) await sleep(100)
  await sample()
  await snapshot('end')
  if (SNAPSHOTS && warmupSnapshot)
    log(
      `\nretained since the warm-up:\n${heapDiffReport(join(SNAPSHOTS, 'warmup.heapsnapshot'), join(SNAPSHOTS, 'end.heapsnapshot'))}`,
    )

  const tasks = await wall.longTasks()
  const warmupEnd = samples.find((s) => s.t >= MINUTES * 60 * WARMUP) ?? samples[Math.floor(samples.length / 2)]
  const end = samples.at(-1)!
  const growth = (end.heapMb - warmupEnd.heapMb) / warmupEnd.heapMb
  const after = samples.filter((s) => s.t >= warmupEnd.t)
  const maxHeap = Math.max(...after.map((s) => s.heapMb))
  const minutes = (Date.now() - start) / 60_000
  log(
    `\npublished ${fmt(run.acked)} at ${fmt(run.achieved)}/s (${run.failed} failed), stored ${fmt((await health()).ingest.stored)}`,
  )
  log(
    `page JS heap after GC: ${warmupEnd.heapMb} MB after warm-up (${warmupEnd.t} s) → ${end.heapMb} MB at the end (max ${maxHeap} MB): ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % ${growth < GROWTH_GOAL ? 'OK' : 'FAIL (goal < 10 %)'}`,
  )
  log(
    `DOM nodes ${warmupEnd.nodes} → ${end.nodes}; engine RSS ${warmupEnd.engineRssMb} → ${end.engineRssMb} MB; long tasks ${tasks.length} (${(tasks.length / minutes).toFixed(1)} a minute)`,
  )
  writeResult('wall-soak', {
    bench: 'wall-soak',
    at: new Date().toISOString(),
    schedule: { events: EVENTS, minutes: MINUTES, rate: RATE, warmup: WARMUP, route: ROUTE },
    publisher: run,
    heap: { afterWarmupMb: warmupEnd.heapMb, endMb: end.heapMb, maxMb: maxHeap, growth, ok: growth < GROWTH_GOAL },
    longTasks: { count: tasks.length, perMinute: tasks.length / minutes },
    samples,
  })
} finally {
  for (const s of stops) await s()
}
