/** Statistics for the wall and status bar. Drill events never count. */
import { FINISHED_STATUSES, IN_PROGRESS_STATUSES, type StatsOverview } from '../../contract'
import { HOUR_MS, startOfHallDay, startOfHour, toHallIso } from '../domain/time'
import type { Db } from './database'

const inList = (xs: readonly string[]) => xs.map((s) => `'${s}'`).join(', ')

export function createStatsRepo(db: Db) {
  const totals = db.prepare<[{ dayStart: number; now: number }], Record<string, number>>(`
    SELECT count(*) AS total,
      coalesce(sum(reported_ms >= @dayStart), 0) AS today,
      coalesce(sum(status = 'reported'), 0) AS pending,
      coalesce(sum(status IN (${inList(IN_PROGRESS_STATUSES)})), 0) AS in_progress,
      coalesce(sum(deadline_ms < @now AND status NOT IN (${inList(FINISHED_STATUSES)})), 0) AS overdue,
      coalesce(sum(status IN ('resolved', 'visited', 'closed') AND updated_ms >= @dayStart), 0) AS finished_today
    FROM events WHERE drill_run = ''`)
  const groupBy = (col: string) =>
    db.prepare<[], { k: string | number; n: number }>(
      `SELECT ${col} AS k, count(*) AS n FROM events WHERE drill_run = '' GROUP BY ${col}`,
    )
  const bySource = groupBy('source')
  const byDomain = groupBy('domain')
  const bySeverity = groupBy('severity')
  const perHour = db.prepare<[number], { h: number; n: number }>(
    `SELECT reported_ms / ${HOUR_MS} AS h, count(*) AS n FROM events WHERE drill_run = '' AND reported_ms >= ? GROUP BY h`,
  )
  const toRecord = (rows: { k: string | number; n: number }[]) =>
    Object.fromEntries(rows.map((r) => [String(r.k), r.n]))

  function overview(now = Date.now()): StatsOverview {
    const dayStart = startOfHallDay(now)
    const t = totals.get({ dayStart, now })!
    const firstHour = startOfHour(now) - 23 * HOUR_MS
    const counts = new Map(perHour.all(firstHour).map((r) => [r.h, r.n]))
    const hours = Array.from({ length: 24 }, (_, i) => {
      const start = firstHour + i * HOUR_MS
      return { hourStart: toHallIso(start), count: counts.get(start / HOUR_MS) ?? 0 }
    })
    return {
      generatedAt: toHallIso(now),
      total: t.total,
      today: t.today,
      pendingAcceptance: t.pending,
      inProgress: t.in_progress,
      overdue: t.overdue,
      finishedToday: t.finished_today,
      bySource: toRecord(bySource.all()),
      byDomain: toRecord(byDomain.all()),
      bySeverity: toRecord(bySeverity.all()),
      perHour: hours,
    }
  }
  return { overview }
}
