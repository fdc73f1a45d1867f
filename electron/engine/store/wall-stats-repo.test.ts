/**
 * The wall's statistics against a brute-force count over the events table and their traces, on a
 * real SQLite file: random events move through their lifecycle (in order, with duplicates, late
 * versions and drill events), written both one by one and in group-commit batches.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ZsEvent, ZsRegistry } from '../../contract'
import { validEvent } from '../domain/test-event'
import { DONE_STATUSES, goalsOf, hallDay, PROACTIVE_SOURCES } from '../domain/stats-rules'
import { validVideoAlert } from '../domain/test-images'
import { toHallIso } from '../domain/time'
import { openDatabase, type Db } from './database'
import { createEventsRepo } from './events-repo'
import { createRegistryRepo } from './registry-repo'
import { createVideoAlertsRepo } from './video-alerts-repo'
import { createWallStatsRepo, gridOverview } from './wall-stats-repo'
import { createZeroReportsRepo } from './zero-reports-repo'

let db: Db | undefined
let dir: string | undefined
afterEach(() => {
  db?.close()
  db = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const HOUR = 3_600_000
const NOW = Date.parse('2026-11-28T15:20:00+08:00')
const TOWNSHIPS = ['140724100', '140724101', '140724102']
const VILLAGES = ['201', '202', '203']
const UNITS = ['U-ECO', 'U-LAW', 'U-TRA']
const SOURCES = ['grid_patrol', 'enforcement', 'citizen', 'referral', 'opinion', 'video'] as const
const DOMAINS = ['governance', 'enforcement', 'service'] as const
const CATEGORIES = ['neighbor_dispute', 'fire_hazard', 'road_damage', 'wage_arrears', 'noise']
const PATH = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'visited', 'closed'] as const

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function registry(): ZsRegistry {
  return {
    schema: 'zs.registry/1',
    version: 3,
    county: { code: '140724', name: '昔阳县' },
    townships: TOWNSHIPS.map((code, i) => ({ code, name: `镇${i}`, lat: 37.5 + i / 10, lng: 113.7 })),
    villages: TOWNSHIPS.flatMap((t) => VILLAGES.map((v) => ({ code: t + v, name: `村${t}${v}`, townshipCode: t }))),
    grids: [
      { id: 'G1', name: 'g1', villageCode: '140724100201', kind: 'grid', workers: [{ id: 'W1', name: 'a' }] },
      { id: 'G2', name: 'g2', villageCode: '140724101202', kind: 'grid', workers: [] },
      {
        id: 'G3',
        name: 'g3',
        townshipCode: '140724102',
        kind: 'dedicated',
        workers: [
          { id: 'W2', name: 'b' },
          { id: 'W3', name: 'c' },
        ],
      },
    ],
    microGrids: [
      { id: 'M1', gridId: 'G1', households: 30 },
      { id: 'M2', gridId: 'G1', households: 28 },
      { id: 'M3', gridId: 'G3', households: 12 },
    ],
    units: UNITS.map((id) => ({ id, name: `单位${id}`, kind: 'department' })),
    communities: [],
    propertyCompanies: [],
  } as ZsRegistry
}

/** Random events with their versions, in the order they are delivered. */
function generate(seed: number, n: number) {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]
  const deliveries: { event: ZsEvent; drillRun: string }[] = []
  for (let i = 0; i < n; i++) {
    // Reported within the last 40 days, a third of them today.
    const reportedMs = r() < 0.33 ? NOW - Math.floor(r() * 15 * HOUR) : NOW - Math.floor(r() * 40 * 24 * HOUR)
    const township = pick(TOWNSHIPS)
    const base = {
      id: `EV-${seed}-${i}`,
      source: pick(SOURCES),
      domain: pick(DOMAINS),
      category: pick(CATEGORIES),
      severity: (1 + Math.floor(r() * 4)) as 1 | 2 | 3 | 4,
      location: { townshipCode: township, villageCode: r() < 0.9 ? township + pick(VILLAGES) : undefined },
      reportedAt: toHallIso(reportedMs),
    } as const
    const unit = pick(UNITS)
    const deadlineMs = reportedMs + Math.floor(r() * 72 * HOUR)
    const steps = r() < 0.1 ? ['reported', 'rejected'] : PATH.slice(0, 1 + Math.floor(r() * PATH.length))
    const reopened = steps.at(-1) === 'visited' && r() < 0.3
    const statuses: string[] = reopened ? [...steps, 'dispatched', 'in_progress', 'resolved'] : [...steps]
    let t = reportedMs
    const versions = statuses.map((status, v) => {
      t += Math.floor(r() * 30 * HOUR)
      const dispatched = v >= 2 && status !== 'rejected'
      return validEvent({
        ...base,
        location: { ...base.location },
        version: v + 1,
        status: status as ZsEvent['status'],
        updatedAt: toHallIso(Math.min(t, NOW)),
        assignee: dispatched ? { unitId: unit, unitName: `单位${unit}` } : null,
        deadline: dispatched && r() < 0.9 ? toHallIso(deadlineMs) : null,
        satisfaction:
          status === 'visited' || (status === 'closed' && v > 5)
            ? pick(['satisfied', 'basically_satisfied', 'dissatisfied'] as const)
            : null,
        drill: false,
      })
    })
    const drillRun = r() < 0.05 ? 'run-1' : ''
    // Late delivery: swap two neighbours when the earlier one is not finished.
    const order = versions.map((_, k) => k)
    const k = Math.floor(r() * (order.length - 1))
    if (order.length > 2 && r() < 0.2 && !DONE_STATUSES.has(versions[k].status))
      [order[k], order[k + 1]] = [order[k + 1], order[k]]
    for (const j of order) deliveries.push({ event: versions[j], drillRun })
    if (r() < 0.1) deliveries.push({ event: versions[order.length - 1], drillRun }) // duplicate
  }
  return deliveries
}

interface TracedRow {
  drill_run: string
  id: string
  version: number
  source: string
  domain: string
  category: string
  severity: number
  status: string
  township_code: string
  village_code: string
  assignee_unit_id: string
  satisfaction: string | null
  reported_ms: number
  deadline_ms: number | null
}

/** Brute force: every current event with its finishing time recomputed from its trace. */
function loadEvents(d: Db) {
  const rows = d
    .prepare<[], TracedRow>(
      `SELECT drill_run, id, version, source, domain, category, severity, status, township_code, village_code,
        assignee_unit_id, satisfaction, reported_ms, deadline_ms FROM events WHERE drill_run = ''`,
    )
    .all()
  const trace = d.prepare<[string, string], { payload: string }>(
    'SELECT payload FROM event_versions WHERE drill_run = ? AND id = ? ORDER BY version',
  )
  return rows.map((row) => {
    let finishedMs: number | null = null
    for (const v of trace.all(row.drill_run, row.id).map((t) => JSON.parse(t.payload) as ZsEvent)) {
      if (v.version > row.version) continue
      if (!DONE_STATUSES.has(v.status)) finishedMs = null
      else finishedMs ??= Date.parse(v.updatedAt)
    }
    const finished = DONE_STATUSES.has(row.status)
    const onTime = finished && (row.deadline_ms === null || finishedMs! <= row.deadline_ms)
    const open = !finished && row.status !== 'rejected'
    return { ...row, finished, onTime, open, overdue: open && row.deadline_ms !== null && row.deadline_ms < NOW }
  })
}
type Brute = ReturnType<typeof loadEvents>[number]

const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null)

function openStore(seed: number, n: number, batched: boolean) {
  dir = mkdtempSync(join(tmpdir(), 'zs-wallstats-'))
  db = openDatabase({ dataDir: dir })
  const events = createEventsRepo(db)
  const reg = createRegistryRepo(db)
  reg.offer(registry(), JSON.stringify(registry()), new Date(NOW).toISOString())
  const deliveries = generate(seed, n)
  const apply = (x: (typeof deliveries)[number]) =>
    events.apply(x.event, JSON.stringify(x.event), 'zs/events/x', new Date(NOW).toISOString(), x.drillRun)
  if (batched) {
    for (let i = 0; i < deliveries.length; i += 97) {
      db.transaction(() => {
        events.batch.begin()
        for (const x of deliveries.slice(i, i + 97)) apply(x)
        events.batch.flush()
      })()
    }
  } else for (const x of deliveries) apply(x)
  const stats = createWallStatsRepo(db, { registry: reg, zeroReports: createZeroReportsRepo(db) })
  return { stats, reg }
}

function checkAgainstBruteForce(stats: ReturnType<typeof createWallStatsRepo>, all: Brute[]) {
  const today = hallDay(NOW)
  const inWindow = (e: Brute, days: number) => hallDay(e.reported_ms) > today - days
  const w30 = all.filter((e) => inWindow(e, 30))
  const count = (xs: Brute[], f: (e: Brute) => boolean) => xs.filter(f).length

  const k = stats.kpis(NOW)
  expect(k.eventsToday).toBe(count(all, (e) => hallDay(e.reported_ms) === today))
  expect(k.pendingAcceptance).toBe(count(all, (e) => e.status === 'reported'))
  expect(k.inProgress).toBe(count(all, (e) => ['accepted', 'dispatched', 'returned', 'in_progress'].includes(e.status)))
  expect(k.overdue).toBe(count(all, (e) => e.overdue))
  expect(k.onTimeRate).toBe(
    rate(
      count(w30, (e) => e.onTime),
      count(w30, (e) => e.finished),
    ),
  )
  expect(k.satisfactionRate).toBe(
    rate(
      count(w30, (e) => e.satisfaction === 'satisfied' || e.satisfaction === 'basically_satisfied'),
      count(w30, (e) => e.satisfaction !== null),
    ),
  )

  const b = stats.breakdown(NOW)
  for (const s of b.sources) {
    expect(s.window).toBe(count(w30, (e) => e.source === s.key))
    expect(s.today).toBe(count(all, (e) => e.source === s.key && hallDay(e.reported_ms) === today))
  }
  for (const d of b.domains) expect(d.window).toBe(count(w30, (e) => e.domain === d.key))
  expect(b.sources.reduce((n, s) => n + s.window, 0)).toBe(w30.length)

  const townships = stats.places(NOW)
  expect(townships.items.map((t) => t.code).sort()).toEqual(TOWNSHIPS)
  for (const t of townships.items) {
    const here = all.filter((e) => e.township_code === t.code)
    const w = here.filter((e) => inWindow(e, 30))
    expect(t).toMatchObject({
      events: w.length,
      open: count(here, (e) => e.open),
      overdue: count(here, (e) => e.overdue),
      finished: count(w, (e) => e.finished),
      onTime: count(w, (e) => e.onTime),
    })
  }
  for (const township of TOWNSHIPS) {
    const villages = stats.places(NOW, 7, township)
    expect(villages.townshipCode).toBe(township)
    for (const v of villages.items) {
      const here = all.filter((e) => e.township_code === township && e.village_code === v.code)
      const w = here.filter((e) => inWindow(e, 7))
      expect(v).toMatchObject({
        events: w.length,
        open: count(here, (e) => e.open),
        overdue: count(here, (e) => e.overdue),
      })
      expect(v.onTimeRate).toBe(
        rate(
          count(w, (e) => e.onTime),
          count(w, (e) => e.finished),
        ),
      )
    }
    expect(villages.items.map((v) => v.code)).toEqual(expect.arrayContaining(VILLAGES.map((v) => township + v)))
  }

  const units = stats.units(NOW)
  const w7 = all.filter((e) => inWindow(e, 7))
  for (const unit of UNITS) {
    const mine = w7.filter((e) => e.assignee_unit_id === unit)
    const row = units.items.find((u) => u.unitId === unit)
    if (mine.length === 0) expect(row).toBeUndefined()
    else
      expect(row).toMatchObject({
        assigned: mine.length,
        finished: count(mine, (e) => e.finished),
        onTime: count(mine, (e) => e.onTime),
        overdue: count(all, (e) => e.assignee_unit_id === unit && e.overdue),
        name: `单位${unit}`,
      })
  }

  const goals = stats.goals(NOW)
  for (const g of goals.goals) {
    const mine = w30.filter((e) => goalsOf(e).includes(g.key))
    expect(g.events).toBe(mine.length)
    if (g.key === 'hazards') expect(g.numerator).toBe(count(mine, (e) => PROACTIVE_SOURCES.has(e.source)))
    else expect([g.numerator, g.denominator]).toEqual([count(mine, (e) => e.onTime), count(mine, (e) => e.finished)])
  }

  const hourly = stats.hourly(NOW)
  expect(hourly.hours).toHaveLength(24)
  const hourOf = (ms: number) => Math.floor(ms / HOUR)
  const nowHour = hourOf(NOW)
  hourly.hours.forEach((h, i) => {
    const hour = nowHour - 23 + i
    expect(h.count).toBe(count(all, (e) => hourOf(e.reported_ms) === hour))
    expect(h.dayBefore).toBe(count(all, (e) => hourOf(e.reported_ms) === hour - 24))
  })
}

describe('wall statistics', () => {
  it('match a brute-force count over the events and their traces (one write per event)', () => {
    const { stats } = openStore(7, 1500, false)
    const all = loadEvents(db!)
    expect(all.length).toBeGreaterThan(1000)
    checkAgainstBruteForce(stats, all)
  })

  it('match a brute-force count when written in group-commit batches', () => {
    const { stats } = openStore(11, 1500, true)
    checkAgainstBruteForce(stats, loadEvents(db!))
  })

  it('rebuild the day facts of events stored before migration 9 to the same figures', () => {
    const { stats, reg } = openStore(13, 800, true)
    const before = [stats.kpis(NOW), stats.places(NOW), stats.goals(NOW), stats.units(NOW)]
    db!.exec("DELETE FROM event_day_facts; UPDATE stats_state SET value = 0 WHERE name = 'day_facts_built'")
    const rebuilt = createWallStatsRepo(db!, { registry: reg, zeroReports: createZeroReportsRepo(db!) })
    expect([rebuilt.kpis(NOW), rebuilt.places(NOW), rebuilt.goals(NOW), rebuilt.units(NOW)]).toEqual(before)
    checkAgainstBruteForce(rebuilt, loadEvents(db!))
  })

  it('counts zero reports of registry townships and today’s video alerts, never drill ones', () => {
    const { stats } = openStore(17, 10, false)
    const zero = createZeroReportsRepo(db!)
    const report = (unitCode: string, drillRun = '') =>
      zero.apply(
        {
          schema: 'zs.zero_report/1',
          id: `ZR-${unitCode}`,
          date: '2026-11-28',
          unitCode,
          nothingToReport: true,
          reportedAt: '2026-11-28T08:00:00+08:00',
        },
        '{}',
        'zs/zero-reports/x',
        'now',
        drillRun,
      )
    report('140724100')
    report('140724101', 'run-1')
    report('999999999')
    expect(stats.kpis(NOW).zeroReports).toEqual({ date: '2026-11-28', received: 1, expected: 3 })
    const alerts = createVideoAlertsRepo(db!)
    const alert = (id: string, detectedAt: string, drillRun = '') =>
      alerts.apply({
        alert: validVideoAlert({
          id,
          snapshot: null,
          status: 'forwarded',
          propertyCompany: { id: 'P-1', name: '安居物业' },
          detectedAt,
          drill: drillRun !== '',
        }),
        snapshot: null,
        rectificationSnapshot: null,
        topic: 'zs/video/alerts/C-1',
        receivedAt: new Date(NOW).toISOString(),
        drillRun,
      })
    alert('VA-1', '2026-11-28T09:00:00+08:00')
    alert('VA-2', '2026-11-27T23:00:00+08:00')
    alert('VA-3', '2026-11-28T10:00:00+08:00', 'run-1')
    expect(stats.kpis(NOW).videoAlertsToday).toBe(1)
    expect(stats.propertyCompanies(NOW).items).toEqual([
      { id: 'P-1', name: '安居物业', forwarded: 2, rectified: 0, rectificationRate: 0 },
    ])
  })
})

describe('grid overview', () => {
  it('sums grids, micro-grids, dedicated grids, workers and households per township', () => {
    const g = gridOverview(registry())
    expect(g.total).toEqual({ villages: 9, grids: 2, microGrids: 3, dedicatedGrids: 1, gridWorkers: 3, households: 70 })
    expect(g.townships.find((t) => t.code === '140724100')).toMatchObject({
      grids: 1,
      microGrids: 2,
      households: 58,
      gridWorkers: 1,
    })
    expect(g.townships.find((t) => t.code === '140724102')).toMatchObject({
      dedicatedGrids: 1,
      microGrids: 1,
      gridWorkers: 2,
    })
    expect(gridOverview(null).townships).toEqual([])
  })
})
