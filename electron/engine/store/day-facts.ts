/**
 * The day facts of migration 9 (`event_day_facts`): per Asia/Shanghai day of report and per
 * dimension value, how many real events there are and how many are finished, on time, visited,
 * satisfied, found proactively, rejected. The writer of events moves an event's contribution from
 * its old facts to its new ones in the same transaction (event-aggregates.ts journals the deltas
 * in a group commit); the rules are in domain/stats-rules.ts.
 */
import { factsOf, FLAG_COLUMNS, sameFacts, type FactDim, type FactRow, type Facts } from '../domain/stats-rules'
import type { Db } from './database'

/** One key's change: (dim, day, key) and the deltas in FLAG_COLUMNS order. */
export interface FactDelta {
  dim: FactDim
  day: number
  key: string
  deltas: number[]
}

const vectorOf = (f: Facts, sign: number) =>
  [
    f.flags.reported,
    f.flags.finished,
    f.flags.onTime,
    f.flags.visited,
    f.flags.satisfied,
    f.flags.proactive,
    f.flags.rejected,
  ].map((v) => v * sign)

/** The deltas that move an event from `previous` (undefined: new) to `next`; none when its facts are the same. */
export function factDeltas(previous: FactRow | undefined, next: FactRow): FactDelta[] {
  const before = previous ? factsOf(previous) : null
  const after = factsOf(next)
  if (sameFacts(before, after)) return []
  const out: FactDelta[] = []
  for (const [f, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!f) continue
    const deltas = vectorOf(f, sign)
    for (const [dim, key] of f.keys) out.push({ dim, day: f.day, key, deltas })
  }
  return out
}

export const factDeltaKey = (d: FactDelta) => `f${d.dim}\u0000${d.day}\u0000${d.key}`

export function createDayFactsWriter(db: Db) {
  const set = FLAG_COLUMNS.map((c) => `${c} = ${c} + ?`).join(', ')
  const update = db.prepare(`UPDATE event_day_facts SET ${set} WHERE dim = ? AND day = ? AND key = ?`)
  const insert = db.prepare(
    `INSERT INTO event_day_facts (${FLAG_COLUMNS.join(', ')}, dim, day, key) VALUES (${FLAG_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?)`,
  )
  return (d: FactDelta) => {
    if (d.deltas.every((v) => v === 0)) return
    if (update.run(...d.deltas, d.dim, d.day, d.key).changes === 0) insert.run(...d.deltas, d.dim, d.day, d.key)
  }
}

export const FACT_ROW_COLUMNS =
  'drill_run, source, domain, category, severity, status, township_code, village_code, assignee_unit_id, satisfaction, reported_ms, deadline_ms, finished_ms'

/**
 * Builds the day facts from the events table, once, for events stored before migration 9
 * (stats_state.day_facts_built = 0). Runs in one transaction before ingest starts.
 */
export function rebuildDayFactsIfNeeded(db: Db): boolean {
  const state = db.prepare<[], { value: number }>("SELECT value FROM stats_state WHERE name = 'day_facts_built'").get()
  if (!state || state.value === 1) return false
  const write = createDayFactsWriter(db)
  const rows = db.prepare<[], FactRow>(`SELECT ${FACT_ROW_COLUMNS} FROM events WHERE drill_run = ''`)
  db.transaction(() => {
    db.exec('DELETE FROM event_day_facts')
    const net = new Map<string, FactDelta>()
    for (const r of rows.iterate()) {
      for (const d of factDeltas(undefined, r)) {
        const k = factDeltaKey(d)
        const seen = net.get(k)
        if (seen) seen.deltas = seen.deltas.map((v, i) => v + d.deltas[i])
        else net.set(k, { ...d, deltas: [...d.deltas] })
      }
    }
    for (const d of net.values()) write(d)
    db.exec("UPDATE stats_state SET value = 1 WHERE name = 'day_facts_built'")
  })()
  return true
}
