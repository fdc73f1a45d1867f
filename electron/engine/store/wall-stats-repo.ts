/**
 * The wall's statistics (`stats.*` methods; every figure defined in docs/statistics.md). Drill
 * events never count. Each read is bounded by the size of the aggregates, not by the number of
 * events: the day facts of the window (`event_day_facts`, a few hundred rows a day), the counts
 * (`event_counts`), the hours (`event_hours`), and index-only range counts over the open events
 * with a deadline (overdue) and today's video alerts. The property-company ranking reads the
 * video alerts of its window (alerts are orders of magnitude fewer than events).
 */
import type {
  StatsBreakdown,
  StatsGoals,
  StatsGrids,
  StatsHourly,
  StatsKpis,
  StatsPlaces,
  StatsPropertyCompanies,
  StatsUnits,
  ZsRegistry,
} from '../../contract'
import { DOMAINS, EVENT_SOURCES, GOAL_KEYS, IN_PROGRESS_STATUSES } from '../../contract'
import { hallDay, percent, villageKey } from '../domain/stats-rules'
import { HOUR_MS, startOfHallDay, startOfHour, toHallIso } from '../domain/time'
import { hallDate } from '../domain/zero-report-board'
import type { Db } from './database'
import { rebuildDayFactsIfNeeded } from './day-facts'
import type { RegistryRepo } from './registry-repo'
import type { ZeroReportsRepo } from './zero-reports-repo'

/** Statuses in which an event is not open any more. */
const CLOSED = "('rejected', 'resolved', 'visited', 'closed')"
/** The predicate of the partial index events_open_deadline_by_place (migration 9), verbatim. */
const OPEN_WITH_DEADLINE = `drill_run = '' AND deadline_ms IS NOT NULL AND status NOT IN ${CLOSED}`
/** How long the overdue counts by place are reused (one wall refresh round asks several times). */
export const OVERDUE_REUSE_MS = 2000

interface FactSums {
  key: string
  reported: number
  finished: number
  on_time: number
  visited: number
  satisfied: number
  proactive: number
  rejected: number
}
const SUMS =
  'key, sum(reported) AS reported, sum(finished) AS finished, sum(on_time) AS on_time, sum(visited) AS visited, sum(satisfied) AS satisfied, sum(proactive) AS proactive, sum(rejected) AS rejected'

export interface WallStatsDeps {
  registry: Pick<RegistryRepo, 'get'>
  zeroReports: Pick<ZeroReportsRepo, 'forDate'>
}

export function createWallStatsRepo(db: Db, deps: WallStatsDeps) {
  rebuildDayFactsIfNeeded(db)

  const facts = db.prepare<[string, number, number], FactSums>(
    `SELECT ${SUMS} FROM event_day_facts WHERE dim = ? AND day BETWEEN ? AND ? GROUP BY key`,
  )
  const villageFacts = db.prepare<[number, number, string, string], FactSums>(
    `SELECT ${SUMS} FROM event_day_facts WHERE dim = 'village' AND day BETWEEN ? AND ? AND key >= ? AND key < ? GROUP BY key`,
  )
  const counts = db.prepare<[], { status: string; township_code: string; n: number }>(
    'SELECT status, township_code, sum(n) AS n FROM event_counts WHERE drill = 0 AND n > 0 GROUP BY 1, 2',
  )
  const hourRange = db.prepare<[number, number], { h: number; n: number }>(
    "SELECT hour AS h, n FROM event_hours WHERE kind = 'reported' AND hour >= ? AND hour <= ?",
  )
  const finishedSince = db.prepare<[number], { n: number }>(
    "SELECT coalesce(sum(n), 0) AS n FROM event_hours WHERE kind = 'finished' AND hour >= ?",
  )
  const overdueAll = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM events INDEXED BY events_open_deadline WHERE ${OPEN_WITH_DEADLINE} AND deadline_ms < ?`,
  )
  // One scan of the open events with a deadline, in the index's own order (no sort), gives the
  // overdue counts by township, village and unit at once.
  const overdueByPlace = db.prepare<[number], { t: string; v: string; u: string; n: number }>(
    `SELECT township_code AS t, village_code AS v, assignee_unit_id AS u, count(*) AS n
     FROM events INDEXED BY events_open_deadline_by_place
     WHERE ${OPEN_WITH_DEADLINE} AND deadline_ms < ? GROUP BY 1, 2, 3`,
  )
  const videoAlertsSince = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM video_alerts INDEXED BY video_alerts_by_detected WHERE detected_ms >= ? AND drill_run = ''`,
  )
  const propertyCompanies = db.prepare<
    [number],
    { id: string; name: string | null; forwarded: number; rectified: number }
  >(
    `SELECT property_company_id AS id, max(property_company_name) AS name,
       sum(status IN ('forwarded', 'rectified', 'verified')) AS forwarded,
       sum(status IN ('rectified', 'verified')) AS rectified
     FROM video_alerts INDEXED BY video_alerts_by_detected
     WHERE detected_ms >= ? AND drill_run = '' AND property_company_id IS NOT NULL
     GROUP BY property_company_id`,
  )

  const inProgress = new Set<string>(IN_PROGRESS_STATUSES)
  const closed = new Set(['rejected', 'resolved', 'visited', 'closed'])
  /** The days [first, last] of a window of `windowDays` ending today. */
  const window = (now: number, windowDays: number) => {
    const today = hallDay(now)
    return { first: today - windowDays + 1, last: today, today }
  }
  /**
   * Overdue by township, village (key township:village) and unit; one refresh round of the wall
   * asks for it several times, so it is kept for OVERDUE_REUSE_MS (the figures may lag that much).
   */
  let overdueCache: { at: number; value: ReturnType<typeof groupOverdue> } | null = null
  const groupOverdue = (now: number) => {
    const township = new Map<string, number>()
    const village = new Map<string, number>()
    const unit = new Map<string, number>()
    const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n)
    for (const r of overdueByPlace.all(now)) {
      add(township, r.t, r.n)
      add(village, villageKey(r.t, r.v), r.n)
      add(unit, r.u, r.n)
    }
    return { township, village, unit }
  }
  const overdue = (now: number) => {
    if (!overdueCache || Math.abs(now - overdueCache.at) >= OVERDUE_REUSE_MS)
      overdueCache = { at: now, value: groupOverdue(now) }
    return overdueCache.value
  }
  const byKey = <T extends { key: string }>(rows: T[]) => new Map(rows.map((r) => [r.key, r]))

  function kpis(now = Date.now(), windowDays = 30): StatsKpis {
    const dayStart = startOfHallDay(now)
    const { first, last, today } = window(now, windowDays)
    let pending = 0
    let working = 0
    for (const r of counts.all()) {
      if (r.status === 'reported') pending += r.n
      if (inProgress.has(r.status)) working += r.n
    }
    const all = facts.get('all', first, last)
    const todays = facts.get('all', today, today)
    const date = hallDate(now)
    const townships = deps.registry.get()?.townships ?? []
    const townshipCodes = new Set(townships.map((t) => t.code))
    const received = deps.zeroReports.forDate(date).filter((r) => townshipCodes.has(r.unitCode)).length
    return {
      generatedAt: toHallIso(now),
      windowDays,
      eventsToday: todays?.reported ?? 0,
      pendingAcceptance: pending,
      inProgress: working,
      overdue: overdueAll.get(now)!.n,
      finishedToday: finishedSince.get(dayStart / HOUR_MS)!.n,
      onTimeRate: percent(all?.on_time ?? 0, all?.finished ?? 0),
      satisfactionRate: percent(all?.satisfied ?? 0, all?.visited ?? 0),
      videoAlertsToday: videoAlertsSince.get(dayStart)!.n,
      zeroReports: { date, received, expected: townships.length },
    }
  }

  function hourly(now = Date.now()): StatsHourly {
    const lastHour = startOfHour(now) / HOUR_MS
    const rows = new Map(hourRange.all(lastHour - 47, lastHour).map((r) => [r.h, r.n]))
    return {
      generatedAt: toHallIso(now),
      hours: Array.from({ length: 24 }, (_, i) => {
        const h = lastHour - 23 + i
        return { hourStart: toHallIso(h * HOUR_MS), count: rows.get(h) ?? 0, dayBefore: rows.get(h - 24) ?? 0 }
      }),
    }
  }

  function breakdown(now = Date.now(), windowDays = 30): StatsBreakdown {
    const { first, last, today } = window(now, windowDays)
    const of = (dim: 'source' | 'domain', keys: readonly string[]) => {
      const inWindow = byKey(facts.all(dim, first, last))
      const todays = byKey(facts.all(dim, today, today))
      const extra = [...inWindow.keys()].filter((k) => !keys.includes(k)).sort()
      return [...keys, ...extra].map((key) => ({
        key,
        today: todays.get(key)?.reported ?? 0,
        window: inWindow.get(key)?.reported ?? 0,
      }))
    }
    return {
      generatedAt: toHallIso(now),
      windowDays,
      sources: of('source', EVENT_SOURCES),
      domains: of('domain', DOMAINS),
    }
  }

  function places(now = Date.now(), windowDays = 30, townshipCode?: string): StatsPlaces {
    const { first, last } = window(now, windowDays)
    const registry = deps.registry.get()
    const rank = (
      code: string,
      name: string,
      f: FactSums | undefined,
      open: number,
      overdue: number,
      lat: number | null,
      lng: number | null,
    ) => ({
      code,
      name,
      events: f?.reported ?? 0,
      open,
      overdue,
      finished: f?.finished ?? 0,
      onTime: f?.on_time ?? 0,
      onTimeRate: percent(f?.on_time ?? 0, f?.finished ?? 0),
      lat,
      lng,
    })
    let items: StatsPlaces['items']
    if (!townshipCode) {
      const inWindow = byKey(facts.all('township', first, last))
      const open = new Map<string, number>()
      for (const r of counts.all()) {
        if (!closed.has(r.status)) open.set(r.township_code, (open.get(r.township_code) ?? 0) + r.n)
      }
      const overdueHere = overdue(now).township
      const known = registry?.townships ?? []
      const codes = [...new Set([...known.map((t) => t.code), ...inWindow.keys(), ...open.keys()])]
      const byCode = new Map(known.map((t) => [t.code, t]))
      items = codes.map((code) => {
        const t = byCode.get(code)
        return rank(
          code,
          t?.name ?? code,
          inWindow.get(code),
          open.get(code) ?? 0,
          overdueHere.get(code) ?? 0,
          t?.lat ?? null,
          t?.lng ?? null,
        )
      })
    } else {
      const prefix = villageKey(townshipCode, '')
      const upTo = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
      const inWindow = byKey(villageFacts.all(first, last, prefix, upTo))
      // Open now = every day's reported − finished − rejected (the whole history, not the window).
      const open = new Map(
        villageFacts.all(0, last, prefix, upTo).map((r) => [r.key, r.reported - r.finished - r.rejected]),
      )
      const overdueHere = overdue(now).village
      const known = (registry?.villages ?? []).filter((v) => v.townshipCode === townshipCode)
      const byCode = new Map(known.map((v) => [v.code, v]))
      const codes = [
        ...new Set([
          ...known.map((v) => v.code),
          ...[...inWindow.keys(), ...open.keys()].map((k) => k.slice(prefix.length)),
        ]),
      ]
      items = codes.map((code) => {
        const key = villageKey(townshipCode, code)
        const v = byCode.get(code) as (ZsRegistry['villages'][number] & { lat?: number; lng?: number }) | undefined
        return rank(
          code,
          v?.name ?? code,
          inWindow.get(key),
          open.get(key) ?? 0,
          overdueHere.get(key) ?? 0,
          typeof v?.lat === 'number' ? v.lat : null,
          typeof v?.lng === 'number' ? v.lng : null,
        )
      })
    }
    items.sort((a, b) => b.events - a.events || b.overdue - a.overdue || a.code.localeCompare(b.code))
    return { generatedAt: toHallIso(now), windowDays, townshipCode: townshipCode ?? null, items }
  }

  let gridsCache: { version: number | null; value: StatsGrids } | null = null
  function grids(): StatsGrids {
    const registry = deps.registry.get()
    const version = registry?.version ?? null
    if (gridsCache?.version !== version || !gridsCache) gridsCache = { version, value: gridOverview(registry) }
    return gridsCache.value
  }

  function units(now = Date.now(), windowDays = 7): StatsUnits {
    const { first, last } = window(now, windowDays)
    const names = new Map((deps.registry.get()?.units ?? []).map((u) => [u.id, u.name]))
    const overdueHere = overdue(now).unit
    const items = facts
      .all('unit', first, last)
      .map((f) => ({
        unitId: f.key,
        name: names.get(f.key) ?? f.key,
        assigned: f.reported,
        finished: f.finished,
        onTime: f.on_time,
        onTimeRate: percent(f.on_time, f.finished),
        overdue: overdueHere.get(f.key) ?? 0,
      }))
      .filter((u) => u.assigned > 0)
    items.sort(
      (a, b) =>
        (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) ||
        a.overdue - b.overdue ||
        b.assigned - a.assigned ||
        a.unitId.localeCompare(b.unitId),
    )
    return { generatedAt: toHallIso(now), windowDays, items }
  }

  function propertyCompanyRanking(now = Date.now(), windowDays = 30): StatsPropertyCompanies {
    const since = startOfHallDay(now) - (windowDays - 1) * 24 * HOUR_MS
    const names = new Map((deps.registry.get()?.propertyCompanies ?? []).map((p) => [p.id, p.name]))
    const items = propertyCompanies
      .all(since)
      .filter((p) => p.forwarded > 0)
      .map((p) => ({
        id: p.id,
        name: names.get(p.id) ?? p.name ?? p.id,
        forwarded: p.forwarded,
        rectified: p.rectified,
        rectificationRate: percent(p.rectified, p.forwarded),
      }))
    items.sort(
      (a, b) =>
        (b.rectificationRate ?? -1) - (a.rectificationRate ?? -1) ||
        b.forwarded - a.forwarded ||
        a.id.localeCompare(b.id),
    )
    return { generatedAt: toHallIso(now), windowDays, items }
  }

  function goals(now = Date.now(), windowDays = 30): StatsGoals {
    const { first, last } = window(now, windowDays)
    const inWindow = byKey(facts.all('goal', first, last))
    return {
      generatedAt: toHallIso(now),
      windowDays,
      goals: GOAL_KEYS.map((key) => {
        const f = inWindow.get(key)
        // Hazards are measured by how they were found (主动发现率); the others by finishing on time.
        const [numerator, denominator] =
          key === 'hazards' ? [f?.proactive ?? 0, f?.reported ?? 0] : [f?.on_time ?? 0, f?.finished ?? 0]
        return { key, value: percent(numerator, denominator), numerator, denominator, events: f?.reported ?? 0 }
      }),
    }
  }

  return { kpis, hourly, breakdown, places, grids, units, propertyCompanies: propertyCompanyRanking, goals }
}
export type WallStatsRepo = ReturnType<typeof createWallStatsRepo>

/** 网格概况 from the registry, per township (grids belong to a village, or name their township). */
export function gridOverview(registry: ZsRegistry | null): StatsGrids {
  const zero = () => ({ villages: 0, grids: 0, microGrids: 0, dedicatedGrids: 0, gridWorkers: 0, households: 0 })
  const total = zero()
  if (!registry) return { registryVersion: null, total, townships: [] }
  const rows = new Map(registry.townships.map((t) => [t.code, { code: t.code, name: t.name, ...zero() }]))
  const townshipOfVillage = new Map(registry.villages.map((v) => [v.code, v.townshipCode]))
  const at = (code: string | null | undefined) => (code ? rows.get(code) : undefined)
  for (const v of registry.villages) {
    total.villages++
    const row = at(v.townshipCode)
    if (row) row.villages++
  }
  const townshipOfGrid = new Map<string, string | undefined>()
  for (const g of registry.grids) {
    const township = g.townshipCode ?? (g.villageCode ? townshipOfVillage.get(g.villageCode) : undefined)
    townshipOfGrid.set(g.id, township ?? undefined)
    const row = at(township)
    const field = g.kind === 'dedicated' ? 'dedicatedGrids' : 'grids'
    const workers = g.workers?.length ?? 0
    total[field]++
    total.gridWorkers += workers
    if (row) {
      row[field]++
      row.gridWorkers += workers
    }
  }
  for (const m of registry.microGrids) {
    const households = m.households ?? 0
    total.microGrids++
    total.households += households
    const row = at(townshipOfGrid.get(m.gridId))
    if (row) {
      row.microGrids++
      row.households += households
    }
  }
  return { registryVersion: registry.version, total, townships: [...rows.values()] }
}
