import type { IngestCounters } from '../../contract'
import type { Db } from './database'

export type CounterName = keyof IngestCounters

/** Persistent ingest counters with an in-memory mirror, so health reads never hit the disk. */
export function createCountersRepo(db: Db) {
  // An upsert, so a counter added in a later version needs no migration.
  const bump = db.prepare(
    'INSERT INTO counters (name, value) VALUES (@name, @n) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value',
  )
  const mirror: IngestCounters = { received: 0, stored: 0, duplicates: 0, stale: 0, quarantined: 0, ignored: 0 }
  for (const r of db.prepare('SELECT name, value FROM counters').all() as { name: CounterName; value: number }[]) {
    if (r.name in mirror) mirror[r.name] = r.value
  }
  return {
    /** Call inside the transaction that writes what is counted; the mirror follows on commit. */
    add(name: CounterName, n = 1) {
      bump.run({ name, n })
    },
    commitMirror(delta: Partial<IngestCounters>) {
      for (const [k, v] of Object.entries(delta) as [CounterName, number][]) mirror[k] += v
    },
    snapshot: (): IngestCounters => ({ ...mirror }),
  }
}
export type CountersRepo = ReturnType<typeof createCountersRepo>
