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
  {
    id: 4,
    name: 'command outbox',
    sql: `
      -- Every command the hall issues, written before it is published: a command is never lost.
      -- pending: not yet accepted by the broker (PUBACK); sent: the broker has it;
      -- acknowledged / failed: the platform's zs.ack/1 settled it.
      CREATE TABLE outbox (
        seq            INTEGER PRIMARY KEY AUTOINCREMENT,
        command_id     TEXT NOT NULL UNIQUE,
        drill_run      TEXT NOT NULL DEFAULT '',
        target_type    TEXT NOT NULL,
        target_id      TEXT NOT NULL,
        base_version   INTEGER NOT NULL,
        action         TEXT NOT NULL,
        operator_id    TEXT NOT NULL,
        operator_name  TEXT NOT NULL,
        topic          TEXT NOT NULL,
        payload        TEXT NOT NULL,
        state          TEXT NOT NULL,
        issued_at      TEXT NOT NULL,
        attempts       INTEGER NOT NULL DEFAULT 0,
        sent_at        TEXT,
        settled_at     TEXT,
        error_code     TEXT,
        error_message  TEXT,
        result_version INTEGER,
        ack_payload    TEXT
      );
      CREATE INDEX outbox_by_state ON outbox (state, seq);
      CREATE INDEX outbox_by_target ON outbox (target_id, seq);
    `,
  },
  {
    id: 2,
    name: 'video alerts, their versions, snapshots stored once by sha256',
    sql: `
      -- Snapshot bytes live here, outside the hot tables, once per distinct image (content
      -- addressed): the same picture sent with ten versions is stored once. Only images whose
      -- bytes were checked to be the JPEG/PNG of their mime get here.
      CREATE TABLE video_snapshots (
        sha256      TEXT PRIMARY KEY,
        mime        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        bytes       BLOB NOT NULL
      );

      -- Current state of each alert: the highest version received, keyed like events by
      -- (drill_run, id) with drill_run = '' for real alerts. The snapshot columns hold the newest
      -- snapshot sent (a later version without one keeps the earlier picture).
      CREATE TABLE video_alerts (
        drill_run             TEXT NOT NULL DEFAULT '',
        id                    TEXT NOT NULL,
        version               INTEGER NOT NULL,
        version_count         INTEGER NOT NULL,
        type                  TEXT NOT NULL,
        raw_type              TEXT NOT NULL,
        status                TEXT NOT NULL,
        camera_id             TEXT,
        camera_name           TEXT,
        community_id          TEXT NOT NULL,
        community_name        TEXT,
        property_company_id   TEXT,
        property_company_name TEXT,
        township_code         TEXT,
        confidence            REAL,
        box_count             INTEGER NOT NULL,
        detected_at           TEXT NOT NULL,
        detected_ms           INTEGER NOT NULL,
        snapshot_sha256       TEXT,
        snapshot_url          TEXT,
        rectified_at          TEXT,
        rectification_sha256  TEXT,
        rectification_url     TEXT,
        received_at           TEXT NOT NULL,
        PRIMARY KEY (drill_run, id)
      );
      CREATE INDEX video_alerts_by_detected ON video_alerts (detected_ms DESC, id DESC, drill_run DESC);
      CREATE INDEX video_alerts_by_status ON video_alerts (status, detected_ms DESC, id DESC);
      CREATE INDEX video_alerts_by_type ON video_alerts (type, detected_ms DESC, id DESC);
      CREATE INDEX video_alerts_by_community ON video_alerts (community_id, detected_ms DESC, id DESC);
      CREATE INDEX video_alerts_by_township ON video_alerts (township_code, detected_ms DESC, id DESC);

      -- Every version received (the trace), stale ones included. The payload is the JSON as
      -- received with each snapshot's base64 replaced by its sha256, size and dimensions.
      CREATE TABLE video_alert_versions (
        seq                  INTEGER PRIMARY KEY,
        drill_run            TEXT NOT NULL DEFAULT '',
        id                   TEXT NOT NULL,
        version              INTEGER NOT NULL,
        topic                TEXT NOT NULL,
        received_at          TEXT NOT NULL,
        payload              TEXT NOT NULL,
        snapshot_sha256      TEXT REFERENCES video_snapshots (sha256),
        rectification_sha256 TEXT REFERENCES video_snapshots (sha256)
      );
      CREATE UNIQUE INDEX video_alert_versions_by_id ON video_alert_versions (drill_run, id, version);
    `,
  },
  {
    id: 3,
    name: 'zero reports, current per unit and day, with history',
    sql: `
      -- 零报告: one current report per (drill_run, date, unit); a later report for the same
      -- unit and day (by reportedAt) replaces the earlier one.
      CREATE TABLE zero_reports (
        drill_run         TEXT NOT NULL DEFAULT '',
        date              TEXT NOT NULL,
        unit_code         TEXT NOT NULL,
        id                TEXT NOT NULL,
        unit_name         TEXT,
        level             TEXT,
        nothing_to_report INTEGER NOT NULL,
        note              TEXT,
        reported_at       TEXT NOT NULL,
        reported_ms       INTEGER NOT NULL,
        received_at       TEXT NOT NULL,
        report_count      INTEGER NOT NULL,
        PRIMARY KEY (drill_run, date, unit_code)
      ) WITHOUT ROWID;

      -- Every report received, replaced and stale ones included.
      CREATE TABLE zero_report_history (
        seq         INTEGER PRIMARY KEY,
        drill_run   TEXT NOT NULL DEFAULT '',
        date        TEXT NOT NULL,
        unit_code   TEXT NOT NULL,
        id          TEXT NOT NULL,
        reported_ms INTEGER NOT NULL,
        topic       TEXT NOT NULL,
        received_at TEXT NOT NULL,
        payload     TEXT NOT NULL
      );
      CREATE UNIQUE INDEX zero_report_history_by_report
        ON zero_report_history (drill_run, date, unit_code, id, reported_ms);
    `,
  },
  {
    id: 5,
    name: 'list indexes covering the filters, aggregate counts for statistics, trigram text index',
    sql: `
      -- The list is keyset-paged in (reported_ms, id, drill_run) order. One index per equality
      -- filter, each in that order and carrying the other filter columns, so any combination of
      -- filters is checked on the index entries and only the rows of the page are read.
      DROP INDEX events_by_reported;
      DROP INDEX events_by_status;
      DROP INDEX events_by_source;
      DROP INDEX events_by_township;
      CREATE INDEX events_by_reported
        ON events (reported_ms DESC, id DESC, drill_run DESC, source, status, township_code, severity);
      CREATE INDEX events_by_status
        ON events (status, reported_ms DESC, id DESC, drill_run DESC, source, township_code, severity);
      CREATE INDEX events_by_source
        ON events (source, reported_ms DESC, id DESC, drill_run DESC, status, township_code, severity);
      CREATE INDEX events_by_township
        ON events (township_code, reported_ms DESC, id DESC, drill_run DESC, source, status, severity);
      -- Drill events are few: listing one run must not walk the real ones.
      CREATE INDEX events_by_drill
        ON events (drill_run, reported_ms DESC, id DESC, source, status, township_code, severity)
        WHERE drill_run <> '';
      -- Overdue = open (not finished) real events whose deadline has passed: a range on this.
      -- It replaces the index of every deadline, which nothing reads (one index less to write).
      DROP INDEX events_by_deadline;
      CREATE INDEX events_open_deadline ON events (deadline_ms)
        WHERE drill_run = '' AND deadline_ms IS NOT NULL AND status NOT IN ('rejected', 'resolved', 'visited', 'closed');

      -- Aggregates for the statistics, kept exact by triggers in the transaction that writes the
      -- event (the ingest's group commit): stats.overview reads a few hundred small rows instead
      -- of counting a million. event_counts holds drill events too (drill = 1; the health's
      -- storedEvents counts them) and the statistics leave them out; event_hours is real events
      -- only: 'reported' by the hour of reported_ms, 'finished' (resolved, visited, closed) by the
      -- hour of updated_ms.
      CREATE TABLE event_counts (
        drill         INTEGER NOT NULL,
        source        TEXT NOT NULL,
        domain        TEXT NOT NULL,
        severity      INTEGER NOT NULL,
        status        TEXT NOT NULL,
        township_code TEXT NOT NULL,
        n             INTEGER NOT NULL,
        PRIMARY KEY (drill, source, domain, severity, status, township_code)
      ) WITHOUT ROWID;
      CREATE TABLE event_hours (
        kind TEXT NOT NULL,
        hour INTEGER NOT NULL,
        n    INTEGER NOT NULL,
        PRIMARY KEY (kind, hour)
      ) WITHOUT ROWID;

      -- Substring search (title, description, address, id) for Chinese text: a trigram index.
      -- Contentless (the text stays in events), rowid = events.rowid, no positions (detail=none:
      -- a query is the AND of its trigrams; the LIKE that follows makes it exact). Each value
      -- ends with two U+0001 so that every 1- or 2-character substring starts some trigram,
      -- which lets short queries find candidates through the term list (events_fts_terms).
      -- Indexing costs ~50 µs an event in small transactions, too much for the ingest path: the
      -- triggers only note the rowid in events_fts_pending (reindex = 1 when the row is already
      -- in the index with older text) and the engine indexes the pending rows in large batches
      -- in the background (events-repo indexText). A search takes the pending rows as candidates
      -- too, so results are exact at any time.
      CREATE VIRTUAL TABLE events_fts USING fts5 (
        id, title, description, address,
        content = '', contentless_delete = 1, tokenize = 'trigram', detail = 'none'
      );
      CREATE VIRTUAL TABLE events_fts_terms USING fts5vocab (events_fts, 'instance');
      CREATE TABLE events_fts_pending (rowid INTEGER PRIMARY KEY, reindex INTEGER NOT NULL);

      INSERT INTO event_counts (drill, source, domain, severity, status, township_code, n)
        SELECT drill_run <> '', source, domain, severity, status, township_code, count(*)
        FROM events GROUP BY 1, 2, 3, 4, 5, 6;
      INSERT INTO event_hours (kind, hour, n)
        SELECT 'reported', reported_ms / 3600000, count(*) FROM events WHERE drill_run = '' GROUP BY 2;
      INSERT INTO event_hours (kind, hour, n)
        SELECT 'finished', updated_ms / 3600000, count(*) FROM events
        WHERE drill_run = '' AND status IN ('resolved', 'visited', 'closed') GROUP BY 2;
      INSERT INTO events_fts_pending (rowid, reindex) SELECT rowid, 0 FROM events;

      CREATE TRIGGER events_counts_insert AFTER INSERT ON events BEGIN
        INSERT INTO event_counts (drill, source, domain, severity, status, township_code, n)
          VALUES (new.drill_run <> '', new.source, new.domain, new.severity, new.status, new.township_code, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
        INSERT INTO event_hours (kind, hour, n)
          SELECT 'reported', new.reported_ms / 3600000, 1 WHERE new.drill_run = ''
          ON CONFLICT DO UPDATE SET n = n + 1;
        INSERT INTO event_hours (kind, hour, n)
          SELECT 'finished', new.updated_ms / 3600000, 1
          WHERE new.drill_run = '' AND new.status IN ('resolved', 'visited', 'closed')
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER events_counts_delete AFTER DELETE ON events BEGIN
        UPDATE event_counts SET n = n - 1
          WHERE drill = (old.drill_run <> '') AND source = old.source AND domain = old.domain
            AND severity = old.severity AND status = old.status AND township_code = old.township_code;
        UPDATE event_hours SET n = n - 1
          WHERE old.drill_run = '' AND kind = 'reported' AND hour = old.reported_ms / 3600000;
        UPDATE event_hours SET n = n - 1
          WHERE old.drill_run = '' AND old.status IN ('resolved', 'visited', 'closed')
            AND kind = 'finished' AND hour = old.updated_ms / 3600000;
      END;
      CREATE TRIGGER events_counts_update AFTER UPDATE ON events
        WHEN old.drill_run IS NOT new.drill_run OR old.source IS NOT new.source OR old.domain IS NOT new.domain
          OR old.severity IS NOT new.severity OR old.status IS NOT new.status
          OR old.township_code IS NOT new.township_code OR old.reported_ms IS NOT new.reported_ms
          OR old.updated_ms IS NOT new.updated_ms
      BEGIN
        UPDATE event_counts SET n = n - 1
          WHERE drill = (old.drill_run <> '') AND source = old.source AND domain = old.domain
            AND severity = old.severity AND status = old.status AND township_code = old.township_code;
        INSERT INTO event_counts (drill, source, domain, severity, status, township_code, n)
          VALUES (new.drill_run <> '', new.source, new.domain, new.severity, new.status, new.township_code, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
        UPDATE event_hours SET n = n - 1
          WHERE old.drill_run = '' AND kind = 'reported' AND hour = old.reported_ms / 3600000;
        INSERT INTO event_hours (kind, hour, n)
          SELECT 'reported', new.reported_ms / 3600000, 1 WHERE new.drill_run = ''
          ON CONFLICT DO UPDATE SET n = n + 1;
        UPDATE event_hours SET n = n - 1
          WHERE old.drill_run = '' AND old.status IN ('resolved', 'visited', 'closed')
            AND kind = 'finished' AND hour = old.updated_ms / 3600000;
        INSERT INTO event_hours (kind, hour, n)
          SELECT 'finished', new.updated_ms / 3600000, 1
          WHERE new.drill_run = '' AND new.status IN ('resolved', 'visited', 'closed')
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;

      CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts_pending (rowid, reindex) VALUES (new.rowid, 0) ON CONFLICT DO NOTHING;
      END;
      CREATE TRIGGER events_fts_update AFTER UPDATE ON events
        WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.description IS NOT new.description
          OR old.address IS NOT new.address
      BEGIN
        INSERT INTO events_fts_pending (rowid, reindex) VALUES (new.rowid, 1) ON CONFLICT DO NOTHING;
      END;
      CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        DELETE FROM events_fts WHERE rowid = old.rowid
          AND NOT EXISTS (SELECT 1 FROM events_fts_pending WHERE rowid = old.rowid AND reindex = 0);
        DELETE FROM events_fts_pending WHERE rowid = old.rowid;
      END;
    `,
  },
  {
    id: 6,
    name: 'Frigate adapter: version counter and raised state per Frigate id, messages seen',
    sql: `
      -- The Frigate adapter (domain/frigate.ts) numbers the versions of each Frigate id itself and
      -- remembers what it last raised (for the stationary cooldown).
      CREATE TABLE frigate_alerts (
        id        TEXT PRIMARY KEY,
        version   INTEGER NOT NULL,
        raised_ms INTEGER NOT NULL,
        signature TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Every Frigate message turned into a version, by sha256 of its bytes: a redelivery of the
      -- same message is a duplicate, not a new version.
      CREATE TABLE frigate_messages (
        id      TEXT NOT NULL,
        sha256  TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (id, sha256)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 7,
    name: 'aggregates and the text index kept by the writer, not by triggers; township and source in the text index',
    sql: `
      -- The triggers of migration 5 cost ~40 µs an event on the ingest path (the statistics
      -- aggregates) and one row write more (the text index's to-do list). From here on the
      -- writer of events keeps event_counts and event_hours exact in its own transaction
      -- (events-repo apply → event-aggregates.ts; in the ingest's group commit one statement per
      -- key and batch). Only deletes, which ingest never does, keep a trigger.
      DROP TRIGGER events_counts_insert;
      DROP TRIGGER events_counts_update;
      DROP TRIGGER events_fts_insert;
      DROP TRIGGER events_fts_update;
      DROP TRIGGER events_fts_delete;

      -- The trigram index again, with two more columns: township and source hold one private-use
      -- trigram per value (events-query.ts facetToken), so "text in this township" is an
      -- intersection inside the index. Each text value ends with two U+0001 so that every 1- or
      -- 2-character substring starts some trigram: a 2-character text is the OR of the terms
      -- that begin with it (events_fts_vocab), a 1-character one is looked up through the term
      -- list (events_fts_terms). Indexing costs ~50 µs an event in small transactions, so the
      -- engine indexes in large batches in the background (events-repo indexText): rows above
      -- events_fts_state.indexed_to are new and not indexed yet; events_fts_pending lists indexed
      -- rows whose text, township or source changed since (apply notes them). A search takes both
      -- as candidates too, so results are exact at any time. Existing rows are indexed again in
      -- the background from indexed_to = 0.
      DROP TABLE events_fts_terms;
      DROP TABLE events_fts;
      DROP TABLE events_fts_pending;
      CREATE VIRTUAL TABLE events_fts USING fts5 (
        id, title, description, address, township, source,
        content = '', contentless_delete = 1, tokenize = 'trigram', detail = 'none'
      );
      CREATE VIRTUAL TABLE events_fts_terms USING fts5vocab (events_fts, 'instance');
      CREATE VIRTUAL TABLE events_fts_vocab USING fts5vocab (events_fts, 'row');
      CREATE TABLE events_fts_pending (rowid INTEGER PRIMARY KEY);
      CREATE TABLE events_fts_state (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), indexed_to INTEGER NOT NULL);
      INSERT INTO events_fts_state (singleton, indexed_to) VALUES (1, 0);

      CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        DELETE FROM events_fts WHERE rowid = old.rowid AND old.rowid <= (SELECT indexed_to FROM events_fts_state);
        DELETE FROM events_fts_pending WHERE rowid = old.rowid;
        -- The highest rowid may be given again to the next new row: it must count as not indexed.
        UPDATE events_fts_state SET indexed_to = old.rowid - 1
          WHERE indexed_to >= old.rowid AND NOT EXISTS (SELECT 1 FROM events WHERE rowid > old.rowid);
      END;
    `,
  },
  {
    id: 8,
    name: 'operator accounts, sessions and the sign-in audit',
    sql: `
      -- Local operator accounts (issue 4). The password is stored as scrypt parameters, salt and
      -- hash (auth/passwords.ts), never in plain text. Repeated failed sign-ins refuse the account
      -- until refused_until_ms.
      CREATE TABLE operators (
        id                  TEXT PRIMARY KEY,
        username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name        TEXT NOT NULL,
        role                TEXT NOT NULL,
        password_hash       TEXT NOT NULL,
        disabled            INTEGER NOT NULL DEFAULT 0,
        created_at          TEXT NOT NULL,
        last_login_at       TEXT,
        password_changed_at TEXT NOT NULL,
        failed_logins       INTEGER NOT NULL DEFAULT 0,
        refused_until_ms    INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      -- Sessions survive an engine restart; only the SHA-256 of the token is stored.
      CREATE TABLE operator_sessions (
        token_hash   TEXT PRIMARY KEY,
        operator_id  TEXT NOT NULL REFERENCES operators (id),
        created_ms   INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        locked       INTEGER NOT NULL DEFAULT 0,
        peer         TEXT
      ) WITHOUT ROWID;
      CREATE INDEX operator_sessions_by_operator ON operator_sessions (operator_id);
      -- Who signed in, failed, locked, unlocked, signed out, and every change to an account.
      CREATE TABLE auth_audit (
        seq         INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        action      TEXT NOT NULL,
        operator_id TEXT,
        username    TEXT,
        by_operator TEXT,
        peer        TEXT,
        detail      TEXT
      );
    `,
  },
  {
    id: 9,
    name: 'wall statistics: village, unit, satisfaction and finishing time of events; day facts; open deadlines by place',
    sql: `
      -- The wall's statistics (docs/statistics.md) need a few more facts of the current state.
      -- finished_ms: when the event first reached resolved / visited / closed (the updatedAt of
      -- that version), kept while it stays finished, cleared when it is reopened.
      ALTER TABLE events ADD COLUMN village_code TEXT NOT NULL DEFAULT '';
      ALTER TABLE events ADD COLUMN assignee_unit_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE events ADD COLUMN satisfaction TEXT;
      ALTER TABLE events ADD COLUMN finished_ms INTEGER;
      UPDATE events SET
        village_code = coalesce((SELECT json_extract(v.payload, '$.location.villageCode') FROM event_versions v
          WHERE v.drill_run = events.drill_run AND v.id = events.id AND v.version = events.version), ''),
        assignee_unit_id = coalesce((SELECT json_extract(v.payload, '$.assignee.unitId') FROM event_versions v
          WHERE v.drill_run = events.drill_run AND v.id = events.id AND v.version = events.version), ''),
        satisfaction = (SELECT json_extract(v.payload, '$.satisfaction') FROM event_versions v
          WHERE v.drill_run = events.drill_run AND v.id = events.id AND v.version = events.version),
        finished_ms = CASE WHEN status IN ('resolved', 'visited', 'closed') THEN updated_ms END;

      -- Overdue by township, village and unit: the open events with a deadline, by place (a
      -- covering index; its rows are the open events only, not all of them).
      CREATE INDEX events_open_deadline_by_place ON events (township_code, village_code, assignee_unit_id, deadline_ms)
        WHERE drill_run = '' AND deadline_ms IS NOT NULL AND status NOT IN ('rejected', 'resolved', 'visited', 'closed');

      -- Day facts: for the real events reported on an Asia/Shanghai day (day = days since
      -- 1970-01-01 in UTC+8), per dimension value, how many there are and how many of them are
      -- finished, finished on time, visited, satisfied, found proactively, rejected. Kept exact
      -- by the writer of events in its transaction (event-aggregates.ts, day-facts.ts).
      -- dim: 'all' (key ''), 'township', 'village' (key township:village), 'unit', 'source',
      -- 'domain', 'goal' (the six goals, domain/stats-rules.ts).
      CREATE TABLE event_day_facts (
        dim       TEXT NOT NULL,
        day       INTEGER NOT NULL,
        key       TEXT NOT NULL,
        reported  INTEGER NOT NULL,
        finished  INTEGER NOT NULL,
        on_time   INTEGER NOT NULL,
        visited   INTEGER NOT NULL,
        satisfied INTEGER NOT NULL,
        proactive INTEGER NOT NULL,
        rejected  INTEGER NOT NULL,
        PRIMARY KEY (dim, day, key)
      ) WITHOUT ROWID;
      -- The day facts of events stored before this migration are built once at start
      -- (day-facts.ts rebuildDayFacts) when built = 0.
      CREATE TABLE stats_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO stats_state (name, value) VALUES ('day_facts_built', 0);
    `,
  },
  {
    id: 10,
    name: 'workbench: hall settings (time limits, reminders), supervision level of events, queue indexes',
    sql: `
      -- Settings of the hall as JSON documents by name (e.g. 'sla': the time-limit table, the
      -- reminder thresholds per severity; contract/sla.ts), changed by an administrator.
      CREATE TABLE hall_settings (
        name       TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      ) WITHOUT ROWID;

      -- 督办: the current supervision level (1–3) of an event, null when not supervised; written by
      -- the events' writer with the rest of the row. Filled once here for open events.
      ALTER TABLE events ADD COLUMN supervision_level INTEGER;
      UPDATE events SET supervision_level = (
          SELECT CASE WHEN json_type(v.payload, '$.supervision') = 'object'
            THEN coalesce(json_extract(v.payload, '$.supervision.level'), 1) END
          FROM event_versions v WHERE v.drill_run = events.drill_run AND v.id = events.id AND v.version = events.version)
        WHERE status NOT IN ('rejected', 'resolved', 'visited', 'closed');

      -- The duty officer's queue (events-query.ts queue): small partial indexes over open work only.
      -- 待受理: new events by severity (highest first), then the longest waiting first.
      CREATE INDEX events_queue_unaccepted ON events (severity DESC, reported_ms, id)
        WHERE status = 'reported' AND drill_run = '';
      -- 督办: supervised open events, the nearest deadline first.
      CREATE INDEX events_queue_supervised ON events (deadline_ms, id)
        WHERE supervision_level IS NOT NULL AND drill_run = ''
          AND status NOT IN ('rejected', 'resolved', 'visited', 'closed');
    `,
  },
  {
    id: 11,
    name: 'workbench: coordinates and reporter phone of events (duplicate suggestions), links between events',
    sql: `
      -- Duplicate suggestions (domain/duplicates.ts): the same category nearby, or the same
      -- reporter phone, reported within a window. Read from the rows of that window (walked on
      -- events_by_reported), so no index of their own. Filled once for the last 30 days.
      ALTER TABLE events ADD COLUMN lat REAL;
      ALTER TABLE events ADD COLUMN lng REAL;
      ALTER TABLE events ADD COLUMN reporter_phone TEXT;
      UPDATE events SET
        lat = (SELECT json_extract(v.payload, '$.location.lat') FROM event_versions v
          WHERE v.drill_run = events.drill_run AND v.id = events.id AND v.version = events.version),
        lng = (SELECT json_extract(v.payload, '$.location.lng') FROM event_versions v
          WHERE v.drill_run = events.drill_run AND v.id = events.id AND v.version = events.version),
        reporter_phone = (SELECT json_extract(v.payload, '$.reporter.phone') FROM event_versions v
          WHERE v.drill_run = events.drill_run AND v.id = events.id AND v.version = events.version)
        WHERE reported_ms > (CAST(strftime('%s', 'now') AS INTEGER) - 30 * 86400) * 1000;

      -- Links the hall makes between events (关联 / 合并 of duplicates), both directions stored.
      CREATE TABLE event_links (
        drill_run  TEXT NOT NULL DEFAULT '',
        id         TEXT NOT NULL,
        other_id   TEXT NOT NULL,
        kind       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT,
        PRIMARY KEY (drill_run, id, other_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 12,
    name: 'wall rotation: playlists and schedule, one configuration per hall',
    sql: `
      -- The wall rotation (contract/wall.ts): one JSON document, replaced whole by the shift lead;
      -- version counts the saves (a save names the version it edits: no lost update).
      CREATE TABLE wall_config (
        singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
        version    INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        payload    TEXT NOT NULL
      );
    `,
  },
  {
    id: 13,
    name: 'alarms: major real events take over the walls until acknowledged; alarm settings',
    sql: `
      -- One row per alarm (engine/alarms/): raised for a new real event of an alarm severity,
      -- ended by an operator's acknowledgement or by the configured time. Kept after it ends (history).
      CREATE TABLE alarms (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id             TEXT NOT NULL,
        severity             INTEGER NOT NULL,
        title                TEXT NOT NULL,
        township_code        TEXT NOT NULL,
        township             TEXT,
        source               TEXT NOT NULL,
        reported_at          TEXT NOT NULL,
        raised_ms            INTEGER NOT NULL,
        state                TEXT NOT NULL CHECK (state IN ('active', 'acknowledged', 'expired')),
        ended_ms             INTEGER,
        acknowledged_by      TEXT,
        acknowledged_by_name TEXT
      );
      CREATE UNIQUE INDEX alarms_by_event ON alarms (event_id);
      CREATE INDEX alarms_active ON alarms (id) WHERE state = 'active';

      -- The alarm settings (contract/alarms.ts), one JSON document per hall, like wall_config.
      CREATE TABLE alarm_settings (
        singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
        version    INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        payload    TEXT NOT NULL
      );
    `,
  },
]
