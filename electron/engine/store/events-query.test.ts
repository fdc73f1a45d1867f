/**
 * The list query against a brute-force reference: every filter, the text search on both of its
 * paths (trigram candidates and the keyset walk with LIKE), and keyset paging to the end.
 * The statistics aggregates against a recount, after inserts, updates, stale versions and deletes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FINISHED_STATUSES, type EventListParams, type EventSummary, type ZsEvent } from '../../contract'
import { validEvent } from '../domain/test-event'
import { migrate, openDatabase, type Db } from './database'
import { createEventsRepo } from './events-repo'
import { trigramQuery } from './events-query'
import { migrations } from './migrations'
import { countOverviewDirectly, createStatsRepo } from './stats-repo'

let db: Db | undefined
let dir: string
afterEach(() => {
  db?.close()
  db = undefined
  rmSync(dir, { recursive: true, force: true })
})
const open = () => {
  dir = mkdtempSync(join(tmpdir(), 'zs-query-'))
  db = openDatabase({ dataDir: dir })
  return db
}

const SOURCES = ['grid_patrol', 'citizen', 'enforcement', 'referral', 'opinion', 'video'] as const
const STATUSES = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'rejected'] as const
const TOWNS = ['140724100', '140724101', '140724102', '140724400']
const TITLES = [
  '小区暖气不热',
  '老旧小区未接入集中供暖',
  '道路塌陷 100% 危险',
  'Water_Leak in block A',
  '噪音扰民',
  '供暖',
]
const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00')

/** A small deterministic random generator (tests must not depend on Math.random). */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function fill(repo: ReturnType<typeof createEventsRepo>, d: Db, count: number) {
  const r = rng(7)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]
  const base = Date.parse('2026-11-27T00:00:00+08:00')
  const events: ZsEvent[] = []
  d.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Some share a reported time, so the keyset's tie-breakers matter.
      const reported = base - Math.floor(r() * 500) * 60_000
      const e = validEvent({
        id: `EV-${String(i).padStart(5, '0')}`,
        source: pick(SOURCES),
        severity: pick([1, 2, 3, 4] as const),
        status: pick(STATUSES),
        title: `${pick(TITLES)}${i % 7 === 0 ? ' 第' + i + '号' : ''}`,
        description: i % 5 === 0 ? '住户反映供暖开始后室温偏低' : null,
        location: { townshipCode: pick(TOWNS), address: i % 3 ? `幸福路${i % 40}号` : null },
        reportedAt: iso(reported),
        updatedAt: iso(reported + 60_000),
        deadline: i % 4 ? iso(reported + 86_400_000) : null,
      })
      events.push(e)
      const drill = i % 50 === 0 ? `run-${i % 3}` : ''
      repo.apply({ ...e, drill: drill !== '' }, JSON.stringify(e), 'zs/events/x', new Date().toISOString(), drill)
    }
    // Later versions: a new status (and sometimes a new title or reported time); a stale one.
    for (let i = 0; i < count; i += 3) {
      const e = events[i]
      const v2 = {
        ...e,
        version: 2,
        status: pick(STATUSES),
        title: i % 9 === 0 ? `改:${e.title}` : e.title,
        reportedAt: i % 27 === 0 ? iso(Date.parse(e.reportedAt) - 3600_000) : e.reportedAt,
        updatedAt: iso(Date.parse(e.updatedAt) + 3600_000),
      }
      repo.apply(v2, JSON.stringify(v2), 'zs/events/x', new Date().toISOString(), i % 50 === 0 ? `run-${i % 3}` : '')
      if (i % 6 === 0) repo.apply(e, JSON.stringify(e), 'zs/events/x', new Date().toISOString())
    }
  })()
}

interface Row {
  drill_run: string
  id: string
  source: string
  status: string
  township_code: string
  severity: number
  title: string
  description: string | null
  address: string | null
  reported_ms: number
}

/** What the list must return: filter everything in JS, sort by the keyset, cut pages. */
function reference(d: Db, p: EventListParams): string[] {
  const rows = d.prepare('SELECT * FROM events').all() as Row[]
  const text = p.text as string | undefined
  const has = (v: string | null) => {
    if (!v || text === undefined) return false
    // LIKE: case-insensitive for ASCII only.
    const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase())
    return fold(v).includes(fold(text))
  }
  return rows
    .filter(
      (r) =>
        (!p.source || r.source === p.source) &&
        (!p.status || r.status === p.status) &&
        (!p.townshipCode || r.township_code === p.townshipCode) &&
        (!p.severity || r.severity === p.severity) &&
        (p.drill !== 'exclude' || r.drill_run === '') &&
        (p.drill !== 'only' || r.drill_run !== '') &&
        (!p.drillRunId || r.drill_run === p.drillRunId) &&
        (text === undefined || has(r.title) || has(r.description) || has(r.address) || has(r.id)),
    )
    .sort((a, b) =>
      a.reported_ms !== b.reported_ms
        ? b.reported_ms - a.reported_ms
        : a.id !== b.id
          ? a.id < b.id
            ? 1
            : -1
          : a.drill_run < b.drill_run
            ? 1
            : a.drill_run > b.drill_run
              ? -1
              : 0,
    )
    .map((r) => `${r.drill_run}/${r.id}`)
}

function allPages(repo: ReturnType<typeof createEventsRepo>, p: EventListParams, limit: number): string[] {
  const out: string[] = []
  let cursor: string | undefined
  for (let guard = 0; guard < 1000; guard++) {
    const page = repo.list({ ...p, limit, cursor })
    out.push(...page.items.map((e: EventSummary) => `${e.drillRunId ?? ''}/${e.id}`))
    if (!page.nextCursor) return out
    cursor = page.nextCursor
  }
  throw new Error('paging did not end')
}

const CASES: EventListParams[] = [
  {},
  { source: 'citizen' },
  { status: 'reported' },
  { townshipCode: '140724101' },
  { severity: 4 },
  { source: 'grid_patrol', status: 'closed', townshipCode: '140724400' },
  { status: 'dispatched', severity: 2 },
  { drill: 'exclude', source: 'video' },
  { drill: 'only' },
  { drillRunId: 'run-1' },
  { drillRunId: 'run-1', status: 'reported' },
  { text: '供暖' },
  { text: '暖' },
  { text: '集中供暖' },
  { text: '100%' },
  { text: '%' },
  { text: '_' },
  { text: 'water_leak' },
  { text: 'EV-0001' },
  { text: '幸福路1' },
  { text: '改:' },
  { text: '不存在的文字' },
  { text: '供暖', townshipCode: '140724100', severity: 1 },
  { text: '第1', status: 'resolved' },
  { text: '集中供暖', townshipCode: '140724100' },
  { text: '供暖', source: 'citizen', townshipCode: '140724101' },
  { text: '新标', townshipCode: '140724100' },
  { text: '暖', source: 'video' },
  { text: '鲸鱼' },
]

describe('events.list', () => {
  const PLANS = {
    'candidates by rowid': { textRowidPlanMax: 100_000 },
    'candidates tested on the index': { textRowidPlanMax: 3, textProbePlanMax: 100_000 },
    'walk with LIKE': { textRowidPlanMax: 3, textProbePlanMax: 3 },
  }
  for (const [plan, opts] of Object.entries(PLANS)) {
    it(`matches a brute-force reference for every filter, the text search and paging (text: ${plan})`, () => {
      const d = open()
      const repo = createEventsRepo(d, opts)
      fill(repo, d, 1500)
      const check = (when: string) => {
        for (const p of CASES) {
          const expected = reference(d, p)
          expect(allPages(repo, p, 37), `${when} ${JSON.stringify(p)}`).toEqual(expected)
          expect(repo.list({ ...p, limit: 5 }).items.map((e) => `${e.drillRunId ?? ''}/${e.id}`)).toEqual(
            expected.slice(0, 5),
          )
        }
      }
      check('nothing indexed yet:')
      expect(repo.indexText(1000)).toBe(1000)
      check('half indexed:')
      repo.indexText(100_000)
      expect(repo.pendingText()).toBe(0)
      check('all indexed:')
      // New text for indexed rows: the index holds the old text until the next indexText.
      d.transaction(() => {
        for (let i = 1; i < 300; i += 7) {
          const e = validEvent({
            id: `EV-${String(i).padStart(5, '0')}`,
            version: 9,
            title: i % 2 ? '集中供暖管网破裂' : '新标题',
            location: { townshipCode: TOWNS[0], address: null },
            reportedAt: iso(Date.parse('2026-11-26T00:00:00+08:00') + i * 1000),
          })
          repo.apply(e, JSON.stringify(e), 'zs/events/x', new Date().toISOString())
        }
      })()
      expect(repo.pendingText()).toBeGreaterThan(0)
      check('changed text pending:')
      repo.indexText(100_000)
      check('changed text indexed:')
    })
  }

  it('pages with an index range (no re-scan from the top) and never sorts the whole table', () => {
    const d = open()
    const plan = (sql: string) =>
      (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1, 1, 'x', '', 10) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ')
    const keyset = `SELECT id FROM events INDEXED BY events_by_reported WHERE reported_ms <= ? AND (reported_ms, id, drill_run) < (?, ?, ?)
      ORDER BY reported_ms DESC, id DESC, drill_run DESC LIMIT ?`
    expect(plan(keyset)).toMatch(/SEARCH events USING (COVERING )?INDEX events_by_reported \(reported_ms<\?\)/)
    expect(plan(keyset)).not.toMatch(/TEMP B-TREE/)
  })

  it('finds a new row that reuses the rowid of a deleted one, before and after indexing', () => {
    const d = open()
    const repo = createEventsRepo(d)
    fill(repo, d, 50)
    repo.indexText(1000)
    const maxRowid = () => (d.prepare('SELECT max(rowid) AS m FROM events').get() as { m: number }).m
    const top = maxRowid()
    d.prepare('DELETE FROM events WHERE rowid = ?').run(top)
    const e = validEvent({ id: 'EV-NEW', title: '全新的标题文字' })
    repo.apply(e, JSON.stringify(e), 'zs/events/x', new Date().toISOString())
    expect(maxRowid()).toBe(top)
    expect(repo.list({ text: '新的标题' }).items.map((x) => x.id)).toEqual(['EV-NEW'])
    repo.indexText(1000)
    expect(repo.pendingText()).toBe(0)
    expect(repo.list({ text: '新的标题' }).items.map((x) => x.id)).toEqual(['EV-NEW'])
    expect(repo.list({ text: '全新' }).items.map((x) => x.id)).toEqual(['EV-NEW'])
  })

  it('builds the trigram query from at most 12 trigrams, quoted', () => {
    expect(trigramQuery('集中供暖')).toBe('"集中供" AND "中供暖"')
    expect(trigramQuery('a"bc')).toBe('"a""b" AND """bc"')
    expect(trigramQuery('一二三四五六七八九十甲乙丙丁戊己庚').split(' AND ')).toHaveLength(12)
  })
})

describe('statistics aggregates', () => {
  it('stay equal to a recount after inserts, updates, stale versions, drill events and deletes', () => {
    const d = open()
    const repo = createEventsRepo(d)
    fill(repo, d, 800)
    d.prepare("DELETE FROM events WHERE id IN ('EV-00003', 'EV-00010', 'EV-00050')").run()
    const stats = createStatsRepo(d)
    for (const now of [Date.parse('2026-11-27T00:30:00+08:00'), Date.parse('2026-11-26T20:00:00+08:00')]) {
      const s = stats.overview(now)
      expect(s).toMatchObject(countOverviewDirectly(d, now))
      const group = (col: string) =>
        Object.fromEntries(
          (
            d.prepare(`SELECT ${col} AS k, count(*) AS n FROM events WHERE drill_run = '' GROUP BY 1`).all() as {
              k: string
              n: number
            }[]
          ).map((r) => [String(r.k), r.n]),
        )
      expect(s.bySource).toEqual(group('source'))
      expect(s.byDomain).toEqual(group('domain'))
      expect(s.bySeverity).toEqual(group('severity'))
      const hours = d
        .prepare(
          "SELECT reported_ms / 3600000 AS h, count(*) AS n FROM events WHERE drill_run = '' AND reported_ms >= ? AND reported_ms < ? GROUP BY 1",
        )
        .all(
          Math.floor(now / 3600_000) * 3600_000 - 23 * 3600_000,
          Math.floor(now / 3600_000) * 3600_000 + 3600_000,
        ) as {
        h: number
        n: number
      }[]
      expect(s.perHour.reduce((n, h) => n + h.count, 0)).toBe(hours.reduce((n, h) => n + h.n, 0))
    }
    expect(repo.count()).toBe((d.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n)
  })

  it('stay exact when a batch journals them, with a savepoint rolled back in the middle', () => {
    const d = open()
    const repo = createEventsRepo(d)
    const stats = createStatsRepo(d)
    const now = Date.parse('2026-11-27T00:30:00+08:00')
    const put = (id: string, over: Partial<ZsEvent>) => {
      const e = validEvent({ id, reportedAt: iso(now - 600_000), updatedAt: iso(now - 60_000), ...over })
      repo.apply(e, JSON.stringify(e), 'zs/events/x', new Date().toISOString())
    }
    d.exec('BEGIN IMMEDIATE')
    repo.batch.begin()
    put('A', { status: 'reported' })
    put('B', { status: 'reported', source: 'citizen' })
    const mark = repo.batch.mark()
    d.exec('SAVEPOINT message')
    put('C', { status: 'closed' })
    put('A', { version: 2, status: 'closed' })
    d.exec('ROLLBACK TO message')
    d.exec('RELEASE message')
    repo.batch.undoTo(mark)
    put('B', { version: 2, status: 'resolved', source: 'citizen' })
    repo.batch.flush()
    d.exec('COMMIT')
    expect(stats.overview(now)).toMatchObject(countOverviewDirectly(d, now))
    expect(stats.overview(now)).toMatchObject({ total: 2, pendingAcceptance: 1, finishedToday: 1 })
    // A rolled-back batch leaves nothing behind.
    d.exec('BEGIN IMMEDIATE')
    repo.batch.begin()
    put('D', { status: 'reported' })
    d.exec('ROLLBACK')
    repo.batch.discard()
    put('E', { status: 'reported' }) // outside a batch: written at once
    expect(stats.overview(now)).toMatchObject(countOverviewDirectly(d, now))
    expect(repo.count()).toBe(3)
  })

  it('uses the statuses the partial index of open deadlines was built with', () => {
    // events_open_deadline (migration 5) and the overdue query spell these out.
    expect([...FINISHED_STATUSES].sort()).toEqual(['closed', 'rejected', 'resolved', 'visited'])
  })

  it('are filled from the events already stored when migration 5 runs', () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-query-'))
    db = openDatabase({ dataDir: dir, migrations: migrations.filter((m) => m.id < 5) })
    const add = (id: string, over: Partial<ZsEvent>, drill = '') =>
      db!
        .prepare(
          `INSERT INTO events (drill_run, id, version, version_count, source, domain, category, severity, title,
            description, status, township_code, address, reported_at, reported_ms, updated_at, updated_ms, received_at)
           VALUES (?, ?, 1, 1, ?, 'governance', 'x', ?, ?, NULL, ?, '140724100', ?, '', ?, '', ?, '')`,
        )
        .run(
          drill,
          id,
          over.source ?? 'citizen',
          over.severity ?? 1,
          over.title ?? 't',
          over.status ?? 'reported',
          null,
          3600_000 * 10,
          3600_000 * 11,
        )
    add('A', { title: '老旧小区未接入集中供暖' })
    add('B', { status: 'closed', source: 'video' })
    add('C', { status: 'closed' }, 'run-1')
    migrate(db, migrations)
    const repo = createEventsRepo(db)
    expect(repo.count()).toBe(3)
    expect(repo.pendingText()).toBe(3)
    expect(repo.list({ text: '集中供暖' }).items.map((e) => e.id)).toEqual(['A'])
    repo.indexText(10)
    expect(repo.pendingText()).toBe(0)
    expect(repo.list({ text: '集中供暖' }).items.map((e) => e.id)).toEqual(['A'])
    expect(repo.list({ text: '供暖' }).items.map((e) => e.id)).toEqual(['A'])
    const s = createStatsRepo(db).overview(3600_000 * 12)
    expect(s).toMatchObject({ total: 2, pendingAcceptance: 1, finishedToday: 1, bySource: { citizen: 1, video: 1 } })
  })
})
