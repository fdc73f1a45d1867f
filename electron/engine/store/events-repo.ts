/**
 * Events: the current state (highest version) and the trace of every version received.
 * All statements are prepared once; writes happen in the caller's transaction.
 */
import type { EventListParams, EventSummary, ZsEvent } from '../../contract'
import { eventKey } from '../../contract'
import { toMs } from '../domain/decode'
import { nextFinishedMs } from '../domain/stats-rules'
import type { Db } from './database'
import { AGGREGATE_COLUMNS, createEventAggregates, type AggregateRow } from './event-aggregates'
import { createEventsQuery } from './events-query'

export type ApplyOutcome = 'new' | 'updated' | 'duplicate' | 'stale'

interface EventRow {
  id: string
  version: number
  version_count: number
  source: string
  channel: string | null
  domain: string
  category: string
  severity: number
  title: string
  status: string
  township_code: string
  township: string | null
  village: string | null
  address: string | null
  assignee_name: string | null
  deadline: string | null
  reported_at: string
  updated_at: string
  received_at: string
  drill_run: string
}

export const SUMMARY_COLUMNS = `id, version, version_count, source, channel, domain, category, severity, title, status,
  township_code, township, village, address, assignee_name, deadline, reported_at, updated_at, received_at, drill_run`

export function toSummary(r: EventRow): EventSummary {
  return {
    key: eventKey(r.id, r.drill_run || null),
    id: r.id,
    version: r.version,
    versionCount: r.version_count,
    source: r.source as EventSummary['source'],
    channel: r.channel,
    domain: r.domain as EventSummary['domain'],
    category: r.category,
    severity: r.severity,
    title: r.title,
    status: r.status as EventSummary['status'],
    townshipCode: r.township_code,
    township: r.township,
    village: r.village,
    address: r.address,
    assigneeName: r.assignee_name,
    deadline: r.deadline,
    reportedAt: r.reported_at,
    updatedAt: r.updated_at,
    receivedAt: r.received_at,
    drill: r.drill_run !== '',
    drillRunId: r.drill_run || null,
  }
}

export { decodeCursor, encodeCursor } from './events-query'

/** The columns apply writes, in the order of the upsert's parameters. */
const UPSERT_COLUMNS = [
  'drill_run',
  'id',
  'version',
  'version_count',
  'source',
  'channel',
  'domain',
  'category',
  'severity',
  'title',
  'description',
  'status',
  'township_code',
  'township',
  'village',
  'address',
  'assignee_name',
  'deadline',
  'deadline_ms',
  'reported_at',
  'reported_ms',
  'updated_at',
  'updated_ms',
  'received_at',
  // migration 9, for the wall's statistics
  'village_code',
  'assignee_unit_id',
  'satisfaction',
  'finished_ms',
  // migration 10, the workbench's 督办 queue
  'supervision_level',
  // migration 11, the workbench's duplicate suggestions
  'lat',
  'lng',
  'reporter_phone',
] as const

export function createEventsRepo(
  db: Db,
  /** The text search's plan thresholds (tests lower them to exercise every plan). */
  opts: { textRowidPlanMax?: number; textProbePlanMax?: number } = {},
) {
  const stmts = {
    current: db.prepare<
      [string, string],
      AggregateRow & {
        rowid: number
        version: number
        version_count: number
        title: string
        description: string | null
        address: string | null
      }
    >(
      `SELECT rowid, version, version_count, title, description, address, ${AGGREGATE_COLUMNS}
       FROM events WHERE drill_run = ? AND id = ?`,
    ),
    // The unique (id, version) index makes a duplicate a no-op: one statement instead of a
    // look-up followed by an insert. The payload may come as its UTF-8 bytes (cheaper to bind
    // than a string); CAST stores them as TEXT either way, so json_extract and readers see text.
    insertVersion: db.prepare(
      'INSERT OR IGNORE INTO event_versions (drill_run, id, version, topic, received_at, payload) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT))',
    ),
    // Positional parameters (UPSERT_COLUMNS order): binding an object by name costs more.
    upsert: db.prepare(`
      INSERT INTO events (${UPSERT_COLUMNS.join(', ')}) VALUES (${UPSERT_COLUMNS.map(() => '?').join(', ')})
      ON CONFLICT (drill_run, id) DO UPDATE SET
        ${UPSERT_COLUMNS.filter((c) => c !== 'drill_run' && c !== 'id' && c !== 'version_count')
          .map((c) => `${c} = excluded.${c}`)
          .join(', ')},
        version_count = events.version_count + 1`),
    bumpCount: db.prepare('UPDATE events SET version_count = version_count + 1 WHERE drill_run = ? AND id = ?'),
    summary: db.prepare<[string, string], EventRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM events WHERE drill_run = ? AND id = ?`,
    ),
    versions: db.prepare<[string, string], { version: number; topic: string; received_at: string; payload: string }>(
      'SELECT version, topic, received_at, payload FROM event_versions WHERE drill_run = ? AND id = ? ORDER BY version DESC',
    ),
    payloadOf: db.prepare<[string, string, number], { payload: string }>(
      'SELECT payload FROM event_versions WHERE drill_run = ? AND id = ? AND version = ?',
    ),
    // event_counts (migration 5) is kept exact by apply: no count(*) over a million rows at start.
    count: db.prepare<[], { n: number }>('SELECT coalesce(sum(n), 0) AS n FROM event_counts'),
  }

  const query = createEventsQuery<EventRow & { reported_ms: number }>(db, SUMMARY_COLUMNS, toSummary, opts)
  const aggregates = createEventAggregates(db)
  /** When apply last ran: the text indexer works harder when ingest is quiet. */
  let lastWriteMs = 0

  /**
   * Applies one validated version. A (id, version) already stored is a duplicate; a version lower
   * than the current one is stale: kept in the trace, the current state unchanged.
   * Returns the outcome and, unless duplicate, the event's summary after the change.
   * The statistics aggregates and the text index's to-do list follow in the same transaction.
   */
  function apply(
    event: ZsEvent,
    /** The payload as received: its text, or that text's UTF-8 bytes (already checked valid). */
    rawText: string | Uint8Array,
    topic: string,
    receivedAt: string,
    /** The drill run the event belongs to; '' for real events. */
    drillRun = '',
  ): { outcome: 'duplicate' } | { outcome: Exclude<ApplyOutcome, 'duplicate'>; summary: EventSummary } {
    lastWriteMs = Date.now()
    if (stmts.insertVersion.run(drillRun, event.id, event.version, topic, receivedAt, rawText).changes === 0) {
      return { outcome: 'duplicate' }
    }
    const current = stmts.current.get(drillRun, event.id)
    if (current && current.version > event.version) {
      stmts.bumpCount.run(drillRun, event.id)
      return { outcome: 'stale', summary: summary(event.id, drillRun)! }
    }
    const loc = event.location
    const row: EventRow & {
      description: string | null
      deadline_ms: number | null
      reported_ms: number
      updated_ms: number
      village_code: string
      assignee_unit_id: string
      satisfaction: string | null
      finished_ms: number | null
      supervision_level: number | null
      lat: number | null
      lng: number | null
      reporter_phone: string | null
    } = {
      drill_run: drillRun,
      id: event.id,
      version: event.version,
      version_count: (current?.version_count ?? 0) + 1,
      source: event.source,
      channel: event.channel ?? null,
      domain: event.domain,
      category: event.category,
      severity: event.severity,
      title: event.title,
      description: event.description ?? null,
      status: event.status,
      township_code: loc.townshipCode,
      township: loc.township ?? null,
      village: loc.village ?? null,
      address: loc.address ?? null,
      assignee_name: event.assignee?.unitName ?? null,
      deadline: event.deadline ?? null,
      deadline_ms: event.deadline ? toMs(event.deadline) : null,
      reported_at: event.reportedAt,
      reported_ms: toMs(event.reportedAt),
      updated_at: event.updatedAt,
      updated_ms: toMs(event.updatedAt),
      received_at: receivedAt,
      village_code: loc.villageCode ?? '',
      assignee_unit_id: event.assignee?.unitId ?? '',
      satisfaction: event.satisfaction ?? null,
      finished_ms: nextFinishedMs(current?.finished_ms, event.status, toMs(event.updatedAt)),
      supervision_level: event.supervision ? (event.supervision.level ?? 1) : null,
      lat: loc.lat ?? null,
      lng: loc.lng ?? null,
      reporter_phone: event.reporter?.phone ?? null,
    }
    stmts.upsert.run(UPSERT_COLUMNS.map((c) => (c === 'version_count' ? 1 : row[c])))
    aggregates.changed(current, row)
    if (
      current &&
      (current.title !== row.title ||
        current.description !== row.description ||
        current.address !== row.address ||
        current.township_code !== row.township_code ||
        current.source !== row.source)
    )
      query.textChanged(current.rowid)
    return { outcome: current ? 'updated' : 'new', summary: toSummary(row) }
  }

  function summary(id: string, drillRun = ''): EventSummary | null {
    const row = stmts.summary.get(drillRun, id)
    return row ? toSummary(row) : null
  }

  function list(raw: EventListParams) {
    return query.list(raw)
  }

  function get(id: string, drillRun = '') {
    const s = summary(id, drillRun)
    if (!s) return null
    const versions = stmts.versions.all(drillRun, id).map((v) => ({
      version: v.version,
      topic: v.topic,
      receivedAt: v.received_at,
      payload: JSON.parse(v.payload) as Record<string, unknown>,
    }))
    const current =
      versions.find((v) => v.version === s.version)?.payload ??
      (JSON.parse(stmts.payloadOf.get(drillRun, id, s.version)!.payload) as Record<string, unknown>)
    return { summary: s, current, versions }
  }

  return {
    apply,
    summary,
    list,
    get,
    count: () => stmts.count.get()!.n,
    /** Indexes up to `maxRows` rows of new or changed text for the search (see migration 7). */
    indexText: query.indexText,
    /**
     * For a writer that batches many events in one transaction (the ingest's group commit):
     * the statistics aggregates are then journaled and written once per key by flush() before
     * COMMIT; a savepoint rolled back undoes its part (mark/undoTo); discard() after ROLLBACK.
     * Without begin() every apply writes them at once.
     */
    batch: {
      begin: aggregates.begin,
      mark: aggregates.mark,
      undoTo: aggregates.undoTo,
      flush: aggregates.flush,
      discard: aggregates.discard,
    },
    /** Milliseconds since an event was last written (ingest activity). */
    msSinceWrite: () => Date.now() - lastWriteMs,
    /** Rows waiting for the text index. */
    pendingText: query.pendingText,
  }
}
export type EventsRepo = ReturnType<typeof createEventsRepo>
