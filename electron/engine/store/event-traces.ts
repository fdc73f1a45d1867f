/**
 * Event traces for the supervision reports: every version of the real events that may have been
 * dispatched in a period, reduced to what the reports read (status, assignee, deadline, time,
 * satisfaction, supervision). Read-only; one query over the period's events and their versions.
 */
import type { EventTrace } from '../domain/supervision-report'
import type { Db } from './database'

/** How far before a period an event may have been reported and still be dispatched in it. */
const LOOKBACK_MS = 62 * 86_400_000

export function readEventTraces(db: Db, fromMs: number, toMs: number): EventTrace[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.version, e.title, e.township,
         json_extract(v.payload, '$.status') AS status,
         json_extract(v.payload, '$.assignee.unitId') AS unit_id,
         json_extract(v.payload, '$.assignee.unitName') AS unit_name,
         json_extract(v.payload, '$.deadline') AS deadline,
         json_extract(v.payload, '$.updatedAt') AS updated_at,
         json_extract(v.payload, '$.satisfaction') AS satisfaction,
         json_extract(v.payload, '$.supervision.level') AS supervision_level
       FROM events e JOIN event_versions v ON v.drill_run = e.drill_run AND v.id = e.id
       WHERE e.drill_run = '' AND e.reported_ms >= ? AND e.reported_ms < ?
       ORDER BY v.id, v.version`,
    )
    .all(fromMs - LOOKBACK_MS, toMs) as {
    id: string
    version: number
    title: string
    township: string | null
    status: string | null
    unit_id: unknown
    unit_name: unknown
    deadline: unknown
    updated_at: unknown
    satisfaction: unknown
    supervision_level: unknown
  }[]
  const ms = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : null)
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null)
  const traces: EventTrace[] = []
  let current: EventTrace | null = null
  for (const r of rows) {
    if (!current || current.id !== r.id) {
      current = { id: r.id, title: r.title, township: r.township, versions: [] }
      traces.push(current)
    }
    const atMs = ms(r.updated_at)
    if (atMs === null || !r.status) continue
    current.versions.push({
      version: r.version,
      status: r.status,
      unitId: text(r.unit_id),
      unitName: text(r.unit_name),
      deadlineMs: ms(r.deadline),
      atMs,
      satisfaction: text(r.satisfaction),
      supervisionLevel: typeof r.supervision_level === 'number' ? r.supervision_level : null,
    })
  }
  return traces
}
