/**
 * Numbered migrations. Each runs once, in order, inside a transaction; its SHA-256 is recorded so
 * that a migration edited after it shipped is detected at start instead of silently diverging.
 */
export interface Migration {
  id: number
  name: string
  sql: string
}

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'events, versions, quarantine, counters, registry',
    sql: `
      -- Current state of each event: the highest version received. Drill events live beside
      -- real ones under their run id (drill_run = '' for real events), so ids cannot collide.
      CREATE TABLE events (
        drill_run     TEXT NOT NULL DEFAULT '',
        id            TEXT NOT NULL,
        version       INTEGER NOT NULL,
        version_count INTEGER NOT NULL,
        source        TEXT NOT NULL,
        channel       TEXT,
        domain        TEXT NOT NULL,
        category      TEXT NOT NULL,
        severity      INTEGER NOT NULL,
        title         TEXT NOT NULL,
        description   TEXT,
        status        TEXT NOT NULL,
        township_code TEXT NOT NULL,
        township      TEXT,
        village       TEXT,
        address       TEXT,
        assignee_name TEXT,
        deadline      TEXT,
        deadline_ms   INTEGER,
        reported_at   TEXT NOT NULL,
        reported_ms   INTEGER NOT NULL,
        updated_at    TEXT NOT NULL,
        updated_ms    INTEGER NOT NULL,
        received_at   TEXT NOT NULL,
        PRIMARY KEY (drill_run, id)
      );
      CREATE INDEX events_by_reported ON events (reported_ms DESC, id DESC, drill_run DESC);
      CREATE INDEX events_by_status ON events (status, reported_ms DESC, id DESC);
      CREATE INDEX events_by_source ON events (source, reported_ms DESC, id DESC);
      CREATE INDEX events_by_township ON events (township_code, reported_ms DESC, id DESC);
      CREATE INDEX events_by_deadline ON events (deadline_ms) WHERE deadline_ms IS NOT NULL;

      -- Every version ever received (the trace, 全程留痕), including stale ones.
      -- A rowid table: payloads are up to 256 KiB, too big for a WITHOUT ROWID b-tree.
      CREATE TABLE event_versions (
        seq         INTEGER PRIMARY KEY,
        drill_run   TEXT NOT NULL DEFAULT '',
        id          TEXT NOT NULL,
        version     INTEGER NOT NULL,
        topic       TEXT NOT NULL,
        received_at TEXT NOT NULL,
        payload     TEXT NOT NULL
      );
      CREATE UNIQUE INDEX event_versions_by_id ON event_versions (drill_run, id, version);

      CREATE TABLE quarantine (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        topic       TEXT NOT NULL,
        reason      TEXT NOT NULL,
        received_at TEXT NOT NULL,
        size        INTEGER NOT NULL,
        raw         BLOB NOT NULL
      );

      -- Ingest counters, updated in the same transaction as the rows they count.
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO counters (name, value) VALUES
        ('received', 0), ('stored', 0), ('duplicates', 0), ('stale', 0), ('quarantined', 0);

      CREATE TABLE registry (
        singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
        version     INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        payload     TEXT NOT NULL
      );
    `,
  },
]
