/**
 * Statistics for the wall and status bar. Drill events never count.
 *
 * Read from the aggregates that the writer of events keeps exact in every write transaction (migration 7)
 * (`event_counts` per source/domain/severity/status/township, `event_hours` per reported hour and
 * per finishing hour), so the cost does not grow with the number of stored events. Only
 * "overdue" depends on the clock: it is a range count on the partial index of open deadlines.
 */
import { IN_PROGRESS_STATUSES, type StatsOverview } from '../../contract'
import { HOUR_MS, startOfHallDay, startOfHour, toHallIso } from '../domain/time'
import type { Db } from './database'

const inList = (xs: readonly string[]) => xs.map((s) => `'${s}'`).join(', ')

export function createStatsRepo(db: Db) {
  const counts = db.prepare<[], { source: string; domain: string; severity: number; status: string; n: number }>(
    'SELECT source, domain, severity, status, sum(n) AS n FROM event_counts WHERE drill = 0 AND n > 0 GROUP BY 1, 2, 3, 4',
  )
  const hourSum = db.prepare<[string, number], { n: number }>(
    'SELECT coalesce(sum(n), 0) AS n FROM event_hours WHERE kind = ? AND hour >= ?',
  )
  const perHour = db.prepare<[number], { h: number; n: number }>(
    "SELECT hour AS h, n FROM event_hours WHERE kind = 'reported' AND hour >= ?",
  )
  // Exactly the predicate of the partial index events_open_deadline, so the planner uses it.
  const overdue = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM events INDEXED BY events_open_deadline
     WHERE drill_run = '' AND deadline_ms IS NOT NULL AND status NOT IN ('rejected', 'resolved', 'visited', 'closed')
       AND deadline_ms < ?`,
  )
  const inProgress = new Set<string>(IN_PROGRESS_STATUSES)

  function overview(now = Date.now()): StatsOverview {
    const dayStart = startOfHallDay(now)
    let total = 0
    let pending = 0
    let working = 0
    const bySource: Record<string, number> = {}
    const byDomain: Record<string, number> = {}
    const bySeverity: Record<string, number> = {}
    const add = (into: Record<string, number>, key: string | number, n: number) => {
      into[String(key)] = (into[String(key)] ?? 0) + n
    }
    for (const r of counts.all()) {
      total += r.n
      if (r.status === 'reported') pending += r.n
      if (inProgress.has(r.status)) working += r.n
      add(bySource, r.source, r.n)
      add(byDomain, r.domain, r.n)
      add(bySeverity, r.severity, r.n)
    }
    const firstHour = startOfHour(now) - 23 * HOUR_MS
    const hourCounts = new Map(perHour.all(firstHour / HOUR_MS).map((r) => [r.h, r.n]))
    const hours = Array.from({ length: 24 }, (_, i) => {
      const start = firstHour + i * HOUR_MS
      return { hourStart: toHallIso(start), count: hourCounts.get(start / HOUR_MS) ?? 0 }
    })
    return {
      generatedAt: toHallIso(now),
      total,
      today: hourSum.get('reported', dayStart / HOUR_MS)!.n,
      pendingAcceptance: pending,
      inProgress: working,
      overdue: overdue.get(now)!.n,
      finishedToday: hourSum.get('finished', dayStart / HOUR_MS)!.n,
      bySource,
      byDomain,
      bySeverity,
      perHour: hours,
    }
  }
  return { overview }
}

/** The same figures counted from the events table itself (tests compare the two). */
export function countOverviewDirectly(db: Db, now: number) {
  const dayStart = startOfHallDay(now)
  return db
    .prepare<[{ dayStart: number; now: number }], Record<string, number>>(
      `SELECT count(*) AS total,
        coalesce(sum(reported_ms >= @dayStart), 0) AS today,
        coalesce(sum(status = 'reported'), 0) AS pendingAcceptance,
        coalesce(sum(status IN (${inList(IN_PROGRESS_STATUSES)})), 0) AS inProgress,
        coalesce(sum(deadline_ms < @now AND status NOT IN ('rejected', 'resolved', 'visited', 'closed')), 0) AS overdue,
        coalesce(sum(status IN ('resolved', 'visited', 'closed') AND updated_ms >= @dayStart), 0) AS finishedToday
      FROM events WHERE drill_run = ''`,
    )
    .get({ dayStart, now })!
}
