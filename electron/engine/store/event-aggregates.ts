/**
 * The statistics aggregates of migration 5 (`event_counts`, `event_hours`; triggers dropped by migration 7), kept exact by the
 * writer of events (events-repo apply) in the same transaction: each write moves the event's
 * contribution from its old key to its new one, and only when the key changed. In the ingest's
 * group commit the changes are journaled and written once per key before COMMIT (a savepoint
 * rolled back undoes its part of the journal); elsewhere they are written at once. The same work
 * as SQLite triggers cost ~40 µs an event, as statements per event ~18 µs (docs/performance.md).
 * Deletes, which ingest never does, are covered by a trigger.
 */
import type { Db } from './database'
import { createDayFactsWriter, factDeltaKey, factDeltas, type FactDelta } from './day-facts'

/** The columns of an events row the aggregates depend on. */
export interface AggregateRow {
  drill_run: string
  source: string
  domain: string
  severity: number
  status: string
  township_code: string
  reported_ms: number
  updated_ms: number
  // The day facts (migration 9, day-facts.ts):
  category: string
  village_code: string
  assignee_unit_id: string
  satisfaction: string | null
  deadline_ms: number | null
  finished_ms: number | null
}

export const AGGREGATE_COLUMNS =
  'drill_run, source, domain, severity, status, township_code, reported_ms, updated_ms, category, village_code, assignee_unit_id, satisfaction, deadline_ms, finished_ms'

const FINISHED_FOR_STATS = new Set(['resolved', 'visited', 'closed'])
const HOUR_MS = 3_600_000
/** SQLite's integer division (truncates), as the migration's backfill computes it. */
const hourOf = (ms: number) => Math.trunc(ms / HOUR_MS)

const sameCountKey = (a: AggregateRow, b: AggregateRow) =>
  (a.drill_run === '') === (b.drill_run === '') &&
  a.source === b.source &&
  a.domain === b.domain &&
  a.severity === b.severity &&
  a.status === b.status &&
  a.township_code === b.township_code

/** The hour a row counts in as reported, or null (drill events are not counted by hour). */
const reportedHour = (r: AggregateRow) => (r.drill_run === '' ? hourOf(r.reported_ms) : null)
/** The hour a row counts in as finished, or null. */
const finishedHour = (r: AggregateRow) =>
  r.drill_run === '' && FINISHED_FOR_STATS.has(r.status) ? hourOf(r.updated_ms) : null

export function createEventAggregates(db: Db) {
  // An UPDATE first (the row almost always exists), an INSERT only when it does not: cheaper
  // than an upsert on this path.
  const updateCount = db.prepare(
    `UPDATE event_counts SET n = n + ? WHERE drill = ? AND source = ? AND domain = ? AND severity = ? AND status = ?
     AND township_code = ?`,
  )
  const insertCount = db.prepare(
    'INSERT INTO event_counts (n, drill, source, domain, severity, status, township_code) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const updateHour = db.prepare('UPDATE event_hours SET n = n + ? WHERE kind = ? AND hour = ?')
  const insertHour = db.prepare('INSERT INTO event_hours (n, kind, hour) VALUES (?, ?, ?)')
  const writeCount = (args: CountArgs) => {
    if (updateCount.run(...args).changes === 0) insertCount.run(...args)
  }
  const writeHour = (n: number, kind: 'reported' | 'finished', h: number) => {
    if (updateHour.run(n, kind, h).changes === 0) insertHour.run(n, kind, h)
  }

  // Inside a batch (the ingest's group commit) the changes are journaled and written once per
  // key at flush(), just before COMMIT; outside one they are written at once.
  const writeFact = createDayFactsWriter(db)
  let journal: JournalEntry[] | null = null
  const count = (r: AggregateRow, n: number) => {
    const args: CountArgs = [n, r.drill_run === '' ? 0 : 1, r.source, r.domain, r.severity, r.status, r.township_code]
    if (journal) journal.push({ key: `c${args.slice(1).join('\u0000')}`, count: args, n })
    else writeCount(args)
  }
  const hour = (kind: 'reported' | 'finished', h: number | null, n: number) => {
    if (h === null) return
    if (journal) journal.push({ key: `h${kind}\u0000${h}`, hour: [kind, h], n })
    else writeHour(n, kind, h)
  }

  return {
    /** Call in the transaction that wrote `next` over `previous` (undefined: a new event). */
    changed(previous: AggregateRow | undefined, next: AggregateRow) {
      for (const d of factDeltas(previous, next)) {
        if (journal) journal.push({ key: factDeltaKey(d), fact: d, n: 0 })
        else writeFact(d)
      }
      if (!previous || !sameCountKey(previous, next)) {
        if (previous) count(previous, -1)
        count(next, 1)
      }
      for (const [kind, of] of [
        ['reported', reportedHour],
        ['finished', finishedHour],
      ] as const) {
        const before = previous ? of(previous) : null
        const after = of(next)
        if (before !== after) {
          hour(kind, before, -1)
          hour(kind, after, 1)
        }
      }
    },
    /** Journal from now on (a transaction was opened); flush() or discard() ends it. */
    begin() {
      journal ??= []
    },
    /** A position in the journal, to undo back to when a savepoint is rolled back. */
    mark: () => journal?.length ?? 0,
    undoTo(mark: number) {
      if (journal) journal.length = Math.min(journal.length, mark)
    },
    /** Writes the journaled changes, one statement per key (call before COMMIT). */
    flush() {
      if (!journal) return
      const net = new Map<string, JournalEntry>()
      for (const e of journal) {
        const seen = net.get(e.key)
        if (seen) {
          seen.n += e.n
          if (seen.fact && e.fact) seen.fact.deltas = seen.fact.deltas.map((v, i) => v + e.fact!.deltas[i])
        } else net.set(e.key, { ...e, fact: e.fact && { ...e.fact, deltas: [...e.fact.deltas] } })
      }
      journal = null
      for (const e of net.values()) {
        if (e.fact) writeFact(e.fact)
        if (e.n === 0) continue
        if (e.count) writeCount([e.n, ...(e.count.slice(1) as DropFirst<CountArgs>)])
        else if (e.hour) writeHour(e.n, ...e.hour)
      }
    },
    /** The transaction was rolled back: forget the journal. */
    discard() {
      journal = null
    },
  }
}

interface JournalEntry {
  key: string
  count?: CountArgs
  hour?: [kind: 'reported' | 'finished', h: number]
  fact?: FactDelta
  n: number
}

type CountArgs = [
  n: number,
  drill: number,
  source: string,
  domain: string,
  severity: number,
  status: string,
  township: string,
]
type DropFirst<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never
