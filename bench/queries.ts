/**
 * The queries the UI makes, on a hall with 1,000,000 stored events, over HTTP with the token,
 * against the real engine host — and engine start → first served page on that database.
 *
 * engine:   HTTP client ──▶ engine host (route → validate → SQLite → JSON envelope) ──▶ client
 * raw:      HTTP client ──▶ bare node:http + better-sqlite3 primary-key look-up (bench/raw-http.ts)
 * sql:      the engine's own query functions called in this process on the same file (no HTTP)
 *
 * Each case is sampled BENCH_QUERY_SAMPLES times (parameters rotate through the values, e.g. all
 * townships) after two warm-up calls; p50/p95/max are printed with the raw round trip's p95 and
 * the ratio engine p95 ÷ raw p95 (the overhead over the cheapest possible HTTP + SQLite answer).
 * Goal: p95 < 50 ms for every case; engine start → index.html and /api/health < 2 s.
 *
 * The data set (bench/dataset.ts) is generated once and cached in out/bench-cache/.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { QUEUE_TABS, type EventListParams } from '../electron/contract'
import { createWorkbenchHandlers } from '../electron/engine/domain/workbench-handlers'
import { createEventsRepo } from '../electron/engine/store/events-repo'
import { createStatsRepo } from '../electron/engine/store/stats-repo'
import { PROJECT_ROOT, startEngineProcess, type EngineProcess } from '../tests/helpers/engine'
import { startMosquitto } from '../tests/helpers/mosquitto'
import { ensureDataset } from './dataset'
import { fmt, writeResult } from './lib'

const COUNT = Number(process.env.BENCH_QUERIES_COUNT ?? 1_000_000)
const SAMPLES = Number(process.env.BENCH_QUERY_SAMPLES ?? 50)
const DEEP_PAGES = Number(process.env.BENCH_DEEP_PAGES ?? 50)
const STARTS = Number(process.env.BENCH_STARTS ?? 3)
const GOAL_MS = 50
const START_GOAL_MS = 2000
const PAGE = 200 // the workstation's page size (renderer/src/stores/events.ts)
const here = new URL('.', import.meta.url).pathname

const SOURCES = ['grid_patrol', 'citizen', 'enforcement', 'referral', 'opinion']
const STATUSES = ['reported', 'accepted', 'rejected', 'dispatched', 'returned', 'in_progress', 'resolved', 'visited']
const TOWNSHIPS = [
  '140724100',
  '140724101',
  '140724102',
  '140724103',
  '140724104',
  '140724200',
  '140724201',
  '140724202',
  '140724203',
  '140724204',
  '140724400',
]

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}
const qs = (p: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(p).map(([k, v]) => [k, String(v)] as [string, string])).toString()

async function timed(fn: () => Promise<unknown>) {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function getJson(url: string, token?: string) {
  const r = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  const body = (await r.json()) as { ok: boolean; value?: unknown; error?: unknown }
  if (r.status !== 200 || !body.ok) throw new Error(`GET ${url} → ${r.status} ${JSON.stringify(body).slice(0, 300)}`)
  return body.value
}

function startRawServer(dbFile: string): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(here, 'raw-http.mjs'), dbFile], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    proc.stdout!.setEncoding('utf8')
    proc.stdout!.on('data', (c: string) => {
      out += c
      const m = /ready (\d+)\n/.exec(out)
      if (m) resolve({ proc, url: `http://127.0.0.1:${m[1]}` })
    })
    proc.once('exit', (code) => reject(new Error(`raw-http exited (${code})`)))
  })
}

const WALL_STATS_PATHS = [
  '/api/stats/kpis',
  '/api/stats/hourly',
  '/api/stats/breakdown',
  '/api/stats/places',
  '/api/stats/grids',
  '/api/stats/units',
  '/api/stats/property-companies',
  '/api/stats/goals',
]

interface Case {
  name: string
  what: string
  /** The i-th sample's HTTP path. */
  path?: (i: number) => string
  /** The same query called in-process (sql column). */
  local?: (i: number) => unknown
  /** Samples given by a custom loop (deep paging). */
  run?: () => Promise<{ engine: number[]; sql: number[] }>
  matches?: number
}

const log = (line: string) => console.log(line)
const dataset = ensureDataset(PROJECT_ROOT, { count: COUNT, log })
log(
  `data set: ${fmt(dataset.count)} events, ${fmt(dataset.versions)} versions (${dataset.fromCache ? 'cached' : `generated in ${dataset.generationSeconds} s`}) — ${dataset.dataDir}`,
)

const broker = await startMosquitto()
const cleanup: (() => Promise<void> | void)[] = [() => broker.stop()]
try {
  // ---------- engine start → first served page ----------
  const starts: { ready: number; firstPage: number }[] = []
  let engine: EngineProcess | null = null
  for (let s = 0; s < STARTS; s++) {
    const t0 = performance.now()
    const e = await startEngineProcess({ brokerUrl: broker.url, dataDir: dataset.dataDir, topicRoot: 'qbench' })
    const ready = performance.now() - t0
    const page = await fetch(new URL('/', e.url))
    const html = await page.text()
    if (page.status !== 200 || !html.includes('<html')) throw new Error(`GET / → ${page.status}`)
    await getJson(new URL('/api/health', e.url).toString(), e.token)
    starts.push({ ready, firstPage: performance.now() - t0 })
    if (s < STARTS - 1) await e.stop()
    else engine = e
  }
  cleanup.unshift(() => engine!.stop())
  const eng = engine!
  log(`engine start → first page: ${starts.map((s) => `${fmt(s.firstPage)} ms`).join(', ')}`)

  const raw = await startRawServer(dataset.dbFile)
  cleanup.unshift(() => void raw.proc.kill('SIGTERM'))

  // In-process: the engine's own query code on a read-only connection to the same file.
  const local = new Database(dataset.dbFile, { readonly: true })
  cleanup.push(() => void local.close())
  const repo = createEventsRepo(local)
  const stats = createStatsRepo(local)
  const workbench = createWorkbenchHandlers(local)
  const CTX = { scopes: ['read'], peer: 'bench' } as unknown as Parameters<(typeof workbench)['events.queue']>[1]
  const maxRowid = (local.prepare('SELECT max(rowid) AS m FROM events').get() as { m: number }).m
  const countLike = (text: string) => {
    const pat = `%${text}%`
    const q = 'SELECT count(*) AS n FROM events WHERE title LIKE ? OR description LIKE ? OR address LIKE ? OR id LIKE ?'
    return (local.prepare(q).get(pat, pat, pat, pat) as { n: number }).n
  }

  const api = (path: string, p: Record<string, unknown> = {}) => `${path}${Object.keys(p).length ? `?${qs(p)}` : ''}`
  const list = (p: (i: number) => EventListParams, what: string, name: string): Case => ({
    name,
    what,
    path: (i) => api('/api/events', { limit: PAGE, ...p(i) }),
    local: (i) => repo.list({ limit: PAGE, ...p(i) }),
  })
  const rare = dataset.sampleIds[Math.floor(dataset.sampleIds.length / 2)]
  const texts: [string, string][] = [
    ['供暖', '2 characters'],
    ['塌陷', '2 characters'],
    ['村', '1 character'],
    ['暖气不热', '4 characters'],
    ['农民工工资', '5 characters'],
    [rare, 'one id'],
    ['不存在的事件', 'no match'],
    ['鲸鱼', 'no match, 2 characters'],
  ]
  const deep = (name: string, what: string, p: EventListParams): Case => ({
    name,
    what,
    async run() {
      const engineMs: number[] = []
      const sqlMs: number[] = []
      let cursor: string | null = null
      for (let page = 0; page < DEEP_PAGES; page++) {
        const params: Record<string, unknown> = { limit: PAGE, ...p, ...(cursor ? { cursor } : {}) }
        let value: { nextCursor: string | null } | undefined
        engineMs.push(
          await timed(async () => {
            value = (await getJson(new URL(api('/api/events', params), eng.url).toString(), eng.token)) as {
              nextCursor: string | null
            }
          }),
        )
        const t = performance.now()
        repo.list(params as EventListParams)
        sqlMs.push(performance.now() - t)
        cursor = value!.nextCursor
        if (!cursor) break
      }
      return { engine: engineMs, sql: sqlMs }
    },
  })

  const cases: Case[] = [
    list(() => ({}), 'first page, no filter', 'list'),
    list((i) => ({ source: SOURCES[i % SOURCES.length] }), 'each source', 'list ?source'),
    list((i) => ({ status: STATUSES[i % STATUSES.length] }), 'each status (incl. rare)', 'list ?status'),
    list((i) => ({ township: TOWNSHIPS[i % TOWNSHIPS.length] }), 'each of 11 townships', 'list ?township'),
    list((i) => ({ severity: (i % 4) + 1 }), 'severity 1–4', 'list ?severity'),
    list(
      (i) => ({ township: TOWNSHIPS[i % TOWNSHIPS.length], status: STATUSES[i % STATUSES.length] }),
      'township + status',
      'list ?township&status',
    ),
    list(
      (i) => ({
        source: SOURCES[i % SOURCES.length],
        status: STATUSES[(i * 3) % STATUSES.length],
        township: TOWNSHIPS[(i * 7) % TOWNSHIPS.length],
        severity: (i % 4) + 1,
      }),
      'source + status + township + severity',
      'list ?4 filters',
    ),
    ...texts.map(([text, what]) => ({
      ...list(() => ({ text }), `text “${text}” (${what})`, `list ?text=${text}`),
      matches: countLike(text),
    })),
    ...(
      [
        ['供暖', 'list ?text&township'],
        ['暖气不热', 'list ?text4&township'],
        ['村', 'list ?text1&township'],
      ] as const
    ).map(([text, name]) =>
      list((i) => ({ text, township: TOWNSHIPS[i % TOWNSHIPS.length] }), `text “${text}” + each township`, name),
    ),
    deep('list deep', `${DEEP_PAGES} pages by nextCursor, no filter`, {}),
    deep('list deep ?township', `${DEEP_PAGES} pages, township 140724102`, { township: '140724102' }),
    deep('list deep ?text', `${DEEP_PAGES} pages, text “村”`, { text: '村' }),
    {
      name: 'event detail',
      what: 'GET /api/events/{id} (random ids)',
      path: (i) => `/api/events/${encodeURIComponent(dataset.sampleIds[(i * 37) % dataset.sampleIds.length])}`,
      local: (i) => repo.get(dataset.sampleIds[(i * 37) % dataset.sampleIds.length]),
    },
    {
      name: 'stats overview',
      what: 'GET /api/stats/overview',
      path: () => '/api/stats/overview',
      local: () => stats.overview(),
    },
    { name: 'health', what: 'GET /api/health', path: () => '/api/health' },
    // The duty officer's queue (events.queue, events.queueCounts; migration 10's partial indexes).
    {
      name: 'queue',
      what: 'each tab (unaccepted, due soon, overdue, supervised)',
      path: (i) => api('/api/queue', { tab: QUEUE_TABS[i % QUEUE_TABS.length], limit: PAGE }),
      local: (i) => workbench['events.queue']({ tab: QUEUE_TABS[i % QUEUE_TABS.length], offset: 0, limit: PAGE }, CTX),
    },
    {
      name: 'queue ?township&domain',
      what: 'each tab, each township, a domain',
      path: (i) =>
        api('/api/queue', {
          tab: QUEUE_TABS[i % QUEUE_TABS.length],
          townshipCode: TOWNSHIPS[i % TOWNSHIPS.length],
          domain: 'service',
          limit: PAGE,
        }),
      local: (i) =>
        workbench['events.queue'](
          {
            tab: QUEUE_TABS[i % QUEUE_TABS.length],
            townshipCode: TOWNSHIPS[i % TOWNSHIPS.length],
            domain: 'service',
            offset: 0,
            limit: PAGE,
          },
          CTX,
        ),
    },
    {
      name: 'queue ?text',
      what: 'each tab, text “供暖”',
      path: (i) => api('/api/queue', { tab: QUEUE_TABS[i % QUEUE_TABS.length], text: '供暖', limit: PAGE }),
      local: (i) =>
        workbench['events.queue'](
          { tab: QUEUE_TABS[i % QUEUE_TABS.length], text: '供暖', offset: 0, limit: PAGE },
          CTX,
        ),
    },
    {
      name: 'duplicates',
      what: 'GET /api/events/{id}/duplicates (random ids, 24 h window)',
      path: (i) =>
        `/api/events/${encodeURIComponent(dataset.sampleIds[(i * 41) % dataset.sampleIds.length])}/duplicates`,
      local: (i) => workbench['events.duplicates']({ id: dataset.sampleIds[(i * 41) % dataset.sampleIds.length] }, CTX),
    },
    // The wall's statistics (stats-handlers.ts), each as the wall asks for it, and the wall's
    // whole refresh round: the eight requests it sends together at most once a second.
    ...WALL_STATS_PATHS.map((path): Case => ({
      name: `wall ${path.slice(11)}`,
      what: `GET ${path}`,
      path: () => path,
    })),
    {
      name: 'wall places ?township',
      what: 'GET /api/stats/places, each township (the drill-down to villages)',
      path: (i) => api('/api/stats/places', { townshipCode: TOWNSHIPS[i % TOWNSHIPS.length] }),
    },
    {
      name: 'wall refresh round',
      what: 'the eight wall statistics requests sent together, as the wall does',
      run: async () => {
        const engineMs: number[] = []
        for (let i = 0; i < SAMPLES + 2; i++) {
          const ms = await timed(() =>
            Promise.all(WALL_STATS_PATHS.map((p) => getJson(new URL(p, eng.url).toString(), eng.token))),
          )
          if (i >= 2) engineMs.push(ms)
        }
        return { engine: engineMs, sql: [] }
      },
    },
    {
      name: 'queue counts',
      what: 'GET /api/queue/counts (all tabs, waiting too long)',
      path: (i) => api('/api/queue/counts', i % 2 ? { townshipCode: TOWNSHIPS[i % TOWNSHIPS.length] } : {}),
      local: (i) =>
        workbench['events.queueCounts'](i % 2 ? { townshipCode: TOWNSHIPS[i % TOWNSHIPS.length] } : {}, CTX),
    },
  ]

  // ---------- the raw baseline ----------
  const rawMs: number[] = []
  // More samples than a case gets: the ratios divide by this p95.
  for (let i = 0; i < 4 * SAMPLES + 2; i++) {
    const rowid = 1 + Math.floor(((i * 7919) % 1000) * (maxRowid / 1000))
    const ms = await timed(() => getJson(`${raw.url}/row/${rowid}`))
    if (i >= 2) rawMs.push(ms)
  }
  const rawP95 = percentile(rawMs, 95)

  // ---------- the engine ----------
  const rows: {
    name: string
    what: string
    matches: number | null
    samples: number
    p50: number
    p95: number
    max: number
    sqlP95: number | null
    ratio: number
    ok: boolean
  }[] = []
  for (const c of cases) {
    let engineMs: number[] = []
    let sqlMs: number[] = []
    if (c.run) ({ engine: engineMs, sql: sqlMs } = await c.run())
    else {
      for (let i = 0; i < SAMPLES + 2; i++) {
        const ms = await timed(() => getJson(new URL(c.path!(i), eng.url).toString(), eng.token))
        if (i >= 2) engineMs.push(ms)
        if (c.local) {
          const t = performance.now()
          c.local(i)
          if (i >= 2) sqlMs.push(performance.now() - t)
        }
      }
    }
    const p95 = percentile(engineMs, 95)
    const row = {
      name: c.name,
      what: c.what,
      matches: c.matches ?? null,
      samples: engineMs.length,
      p50: percentile(engineMs, 50),
      p95,
      max: Math.max(...engineMs),
      sqlP95: sqlMs.length ? percentile(sqlMs, 95) : null,
      ratio: p95 / rawP95,
      ok: p95 < GOAL_MS,
    }
    rows.push(row)
    log(
      `  ${row.name.padEnd(24)} p50 ${row.p50.toFixed(1).padStart(6)}  p95 ${row.p95.toFixed(1).padStart(6)}  max ${row.max
        .toFixed(1)
        .padStart(6)} ms  sql p95 ${row.sqlP95 === null ? '     –' : row.sqlP95.toFixed(1).padStart(6)}  ×${row.ratio
        .toFixed(1)
        .padStart(5)} raw  ${row.ok ? 'OK' : 'SLOW'}${row.matches !== null ? `  (${fmt(row.matches)} match)` : ''}`,
    )
  }

  const worstStart = Math.max(...starts.map((s) => s.firstPage))
  log(`\nqueries on ${fmt(dataset.count)} events (engine p95 ÷ raw HTTP + primary-key p95 ${rawP95.toFixed(2)} ms):`)
  log(`| query | what | p50 ms | p95 ms | max ms | SQL p95 ms | ÷ raw | goal p95 < ${GOAL_MS} ms |`)
  log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |')
  for (const r of rows)
    log(
      `| ${r.name} | ${r.what}${r.matches !== null ? ` — ${fmt(r.matches)} match` : ''} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${
        r.sqlP95 === null ? '–' : r.sqlP95.toFixed(1)
      } | ${r.ratio.toFixed(1)} | ${r.ok ? 'OK' : '**SLOW**'} |`,
    )
  log(
    `| engine start → first page | spawn → ZHONGSHU_READY → GET / and /api/health, ${STARTS} starts | ${starts
      .map((s) => fmt(s.firstPage))
      .join(' / ')} | | | | | ${worstStart < START_GOAL_MS ? 'OK' : '**SLOW**'} (< ${START_GOAL_MS} ms) |`,
  )
  const slow = rows.filter((r) => !r.ok).map((r) => r.name)
  log(
    `\nqueries: ${rows.length - slow.length}/${rows.length} under ${GOAL_MS} ms at p95${slow.length ? ` (SLOW: ${slow.join(', ')})` : ''}; start → first page max ${fmt(worstStart)} ms ${worstStart < START_GOAL_MS ? 'OK' : 'SLOW'}`,
  )
  writeResult('queries', {
    bench: 'queries',
    events: dataset.count,
    versions: dataset.versions,
    pageSize: PAGE,
    samples: SAMPLES,
    rawP95Ms: Number(rawP95.toFixed(2)),
    rawP50Ms: Number(percentile(rawMs, 50).toFixed(2)),
    cases: rows.map((r) => ({
      ...r,
      p50: Number(r.p50.toFixed(2)),
      p95: Number(r.p95.toFixed(2)),
      max: Number(r.max.toFixed(2)),
      sqlP95: r.sqlP95 === null ? null : Number(r.sqlP95.toFixed(2)),
      ratio: Number(r.ratio.toFixed(2)),
    })),
    startMs: starts.map((s) => ({ ready: Math.round(s.ready), firstPage: Math.round(s.firstPage) })),
    goalMs: GOAL_MS,
    startGoalMs: START_GOAL_MS,
    at: new Date().toISOString(),
  })
} finally {
  for (const c of cleanup) await c()
}
