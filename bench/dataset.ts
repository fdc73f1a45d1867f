/**
 * A hall database with many stored events, for bench/queries.ts: written straight into a fresh
 * data dir through the engine's own migrations and repository (`events.apply`, the same
 * statements and triggers as ingest), in large transactions, and cached in out/bench-cache/
 * keyed by the generator version, the event count and a hash of every migration, so reruns skip
 * the generation and a schema change regenerates.
 *
 * The events come from the demo simulator's generator (electron/sim): real Xiyang townships and
 * villages, the five MQTT sources, four severities, texts with place names. Reports are spread
 * over the last `spanDays` days with the day's rhythm. Each event is stored as version 1 and,
 * when its lifecycle has moved on by "now", also as its latest version (so about two versions per
 * event): old events are mostly finished, recent ones open, some open ones overdue.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ZsEvent } from '../electron/contract'
import { openDatabase, type Db } from '../electron/engine/store/database'
import { rebuildDayFactsIfNeeded } from '../electron/engine/store/day-facts'
import { createEventsRepo } from '../electron/engine/store/events-repo'
import { migrations } from '../electron/engine/store/migrations'
import { activityAt } from '../electron/sim/backlog'
import { buildXiyangRegistry } from '../electron/sim/county'
import { createEventGenerator } from '../electron/sim/generator'
import { isTerminal } from '../electron/sim/lifecycle'
import { createRng } from '../electron/sim/random'
import { DAY } from '../electron/sim/time'

/** Bump when the generated data changes shape. */
export const DATASET_VERSION = 'v1'

export interface DatasetOptions {
  count: number
  spanDays?: number
  /** The newest report is just before this; default: now, rounded down to the hour. */
  nowMs?: number
  log?: (line: string) => void
}

export interface Dataset {
  dataDir: string
  dbFile: string
  count: number
  versions: number
  /** ids of a sample of stored events (every 1000th), for detail look-ups. */
  sampleIds: string[]
  generatedAt: string
  generationSeconds: number
  fromCache: boolean
}

export function datasetKey(count: number, spanDays: number) {
  const schema = createHash('sha256')
    .update(JSON.stringify([...migrations].sort((a, b) => a.id - b.id).map((m) => [m.id, m.sql])))
    .digest('hex')
    .slice(0, 12)
  return `events-${DATASET_VERSION}-${count}-${spanDays}d-${schema}`
}

export function ensureDataset(root: string, opts: DatasetOptions): Dataset {
  const spanDays = opts.spanDays ?? 365
  const log = opts.log ?? (() => {})
  const key = datasetKey(opts.count, spanDays)
  const dataDir = join(root, 'out', 'bench-cache', key)
  const meta = join(dataDir, 'dataset.json')
  if (existsSync(meta)) {
    const cached = JSON.parse(readFileSync(meta, 'utf8')) as Omit<Dataset, 'fromCache' | 'dataDir' | 'dbFile'>
    // A set cached before the generator built the day facts gets them now, not in a timed start.
    const db = openDatabase({ dataDir })
    try {
      buildDayFacts(db, log)
    } finally {
      db.close()
    }
    return { ...cached, dataDir, dbFile: join(dataDir, 'hall.sqlite3'), fromCache: true }
  }
  // Older data sets of the same size and span (an older schema or generator) are removed: each
  // is gigabytes.
  const cache = join(root, 'out', 'bench-cache')
  const family = `events-${opts.count}-${spanDays}d-`
  for (const name of existsSync(cache) ? readdirSync(cache) : []) {
    if (name !== key && name.replace(/^events-v\d+-/, 'events-').startsWith(family)) {
      rmSync(join(cache, name), { recursive: true, force: true })
    }
  }
  const building = `${dataDir}.building-${process.pid}`
  rmSync(building, { recursive: true, force: true })
  mkdirSync(building, { recursive: true })
  log(`generating ${opts.count.toLocaleString('en-US')} events into ${building} (cached afterwards as ${key})`)
  const started = performance.now()

  const db = openDatabase({ dataDir: building })
  // A one-off bulk load: no fsync per transaction, a big page cache. The engine later opens the
  // file with its own settings.
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -262144')
  const events = createEventsRepo(db)
  const generator = createEventGenerator({ registry: buildXiyangRegistry(), seed: 20261128 })
  const rng = createRng(77)
  const nowMs = opts.nowMs ?? Math.floor(Date.now() / 3_600_000) * 3_600_000
  const span = spanDays * DAY
  // Report times: uniform over the span with the day's rhythm (rejection sampling), ascending,
  // so rowids follow arrival order as they do in a real hall.
  const times = new Float64Array(opts.count)
  for (let n = 0; n < opts.count;) {
    const t = nowMs - 60_000 - rng.next() * (span - 60_000)
    if (rng.next() < activityAt(t)) times[n++] = Math.floor(t)
  }
  times.sort()

  const receivedAt = new Date(nowMs).toISOString()
  const sampleIds: string[] = []
  let versions = 0
  const store = (e: ZsEvent) => {
    events.apply(e, JSON.stringify(e), `zs/events/${e.source}`, receivedAt)
    versions++
  }
  const BATCH = 20_000
  const writeBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const reportedMs = times[i]
      const first = generator.create(reportedMs)
      store(first)
      if (i % 1000 === 0) sampleIds.push(first.id)
      // Walk the lifecycle as far as the event's age allows; store the latest state reached.
      let current = first
      let t = reportedMs
      for (;;) {
        t += generator.typicalDelayMs(current)
        if (!(t <= nowMs)) break
        const next = generator.advance(current, t)
        if (next === null) break
        current = next
        if (isTerminal(current.status)) break
      }
      if (current !== first) store(current)
    }
  })
  for (let i = 0; i < opts.count; i += BATCH) {
    writeBatch(i, Math.min(opts.count, i + BATCH))
    if ((i / BATCH) % 10 === 9)
      log(`  ${(i + BATCH).toLocaleString('en-US')} events, ${((performance.now() - started) / 1000).toFixed(0)} s`)
  }
  // The engine fills the text index in the background; a hall that has run for a year has
  // all of it indexed.
  const indexStarted = performance.now()
  while (events.indexText(50_000) > 0) {
    /* until nothing is pending */
  }
  log(`  text index built in ${((performance.now() - indexStarted) / 1000).toFixed(0)} s`)
  buildDayFacts(db, log)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  const generationSeconds = (performance.now() - started) / 1000
  const result = {
    count: opts.count,
    versions,
    sampleIds,
    generatedAt: new Date().toISOString(),
    generationSeconds: Math.round(generationSeconds),
  }
  writeFileSync(join(building, 'dataset.json'), JSON.stringify(result) + '\n')
  rmSync(dataDir, { recursive: true, force: true })
  renameSync(building, dataDir)
  log(`generated in ${generationSeconds.toFixed(0)} s: ${versions.toLocaleString('en-US')} versions`)
  return { ...result, dataDir, dbFile: join(dataDir, 'hall.sqlite3'), fromCache: false }
}

/**
 * The wall's day facts (migration 9). A hall that ingested its events live has them; the engine
 * builds them from the events table only once, at the first start after migration 9
 * (`rebuildDayFactsIfNeeded`) — a one-off upgrade step the start measurement must not include.
 */
function buildDayFacts(db: Db, log: (line: string) => void) {
  const started = performance.now()
  if (rebuildDayFactsIfNeeded(db))
    log(`  wall day facts built in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}
