import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { migrations as defaultMigrations, type Migration } from './migrations'

export type Db = Database.Database

export interface OpenOptions {
  dataDir: string
  fileName?: string
  migrations?: Migration[]
  /** How long a write waits for a lock held by another connection (default 5 s). */
  busyTimeoutMs?: number
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/**
 * Opens the hall database. WAL with synchronous=NORMAL: a commit survives a crash of the process
 * (SIGKILL) because the WAL is in the OS page cache; power loss may lose the last commits, which
 * the broker then redelivers because their PUBACK was never sent. The duty log, which has no
 * upstream copy, will use FULL (see docs/architecture.md).
 */
export function openDatabase(opts: OpenOptions): Db {
  mkdirSync(opts.dataDir, { recursive: true })
  const db = new Database(join(opts.dataDir, opts.fileName ?? 'hall.sqlite3'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  // Statement and savepoint journals in memory: the ingest wraps every message in a SAVEPOINT,
  // and with the default (temporary files) each page a message touches was copied to a file
  // first — about 2.5× the cost of the writes themselves (docs/performance.md).
  db.pragma('temp_store = MEMORY')
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`)
  migrate(db, opts.migrations ?? defaultMigrations)
  return db
}

export function migrate(db: Db, migrations: Migration[]) {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`)
  const applied = new Map(
    (db.prepare('SELECT id, sha256 FROM schema_migrations').all() as { id: number; sha256: string }[]).map((r) => [
      r.id,
      r.sha256,
    ]),
  )
  const sorted = [...migrations].sort((a, b) => a.id - b.id)
  for (const m of sorted) {
    const hash = sha256(m.sql)
    const known = applied.get(m.id)
    if (known !== undefined) {
      if (known !== hash) throw new Error(`migration ${m.id} (${m.name}) changed after it was applied`)
      continue
    }
    db.transaction(() => {
      db.exec(m.sql)
      db.prepare('INSERT INTO schema_migrations (id, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(
        m.id,
        m.name,
        hash,
        new Date().toISOString(),
      )
    })()
  }
}
