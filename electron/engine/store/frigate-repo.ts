/**
 * The Frigate adapter's state (migration 6): per Frigate id the last version raised, when and with
 * what signature; and which message bytes became which version (duplicates). Writes happen in the
 * caller's transaction, so they commit or roll back with the alert they number.
 */
import type { FrigatePrior } from '../domain/frigate'
import type { Db } from './database'

export function createFrigateRepo(db: Db) {
  const getPrior = db.prepare<[string], { version: number; raised_ms: number; signature: string }>(
    'SELECT version, raised_ms, signature FROM frigate_alerts WHERE id = ?',
  )
  const seen = db.prepare<[string, string], { version: number }>(
    'SELECT version FROM frigate_messages WHERE id = ? AND sha256 = ?',
  )
  const upsert = db.prepare(
    `INSERT INTO frigate_alerts (id, version, raised_ms, signature) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, raised_ms = excluded.raised_ms,
       signature = excluded.signature`,
  )
  const remember = db.prepare('INSERT OR IGNORE INTO frigate_messages (id, sha256, version) VALUES (?, ?, ?)')
  return {
    prior(id: string): FrigatePrior | null {
      const r = getPrior.get(id)
      return r ? { version: r.version, raisedMs: r.raised_ms, signature: r.signature } : null
    },
    /** The version an identical message already became, if any. */
    seenVersion(id: string, sha256: string): number | null {
      return seen.get(id, sha256)?.version ?? null
    },
    /** Records a raised version and returns nothing; call inside the ingest transaction. */
    raised(id: string, version: number, raisedMs: number, signature: string, sha256: string) {
      upsert.run(id, version, raisedMs, signature)
      remember.run(id, sha256, version)
    },
  }
}
export type FrigateRepo = ReturnType<typeof createFrigateRepo>
