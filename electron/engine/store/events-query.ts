/**
 * The event list query (`events.list`): filters, text search and keyset paging over the current
 * state, fast on a million rows (bench/queries.ts). The indexes and the trigram index it relies on
 * are created by migration 5; how the plan is chosen is explained in docs/performance.md.
 *
 * - Equality filters: the list walks one index in keyset order — the one of the most selective
 *   filter, judged from the exact counts in `event_counts` — and checks the other filters on the
 *   index entries (each index carries all filter columns), so only the rows of the page are read.
 * - Text: the trigram index (`events_fts`) finds the candidate rows, then one of three plans:
 *   few candidates → read them by rowid and sort them; a moderate number → walk the keyset order
 *   (or the filter's index) and test each entry's rowid against the candidate set, reading only
 *   the rows that pass; very many (a common word) → walk the keyset order testing LIKE, which
 *   finds a page after a short walk. LIKE always has the last word, so the result is exactly "a
 *   substring of title, description, address or id" whichever plan runs.
 */
import { eventListParamsSchema, type EventListParams, type EventSummary } from '../../contract'
import type { Statement } from 'better-sqlite3'
import type { Db } from './database'

/** Text candidates up to this many: read by rowid and sorted (≈ 5 µs each on this hardware). */
export const TEXT_ROWID_PLAN_MAX = 3_000
/**
 * With a filter, candidates up to this many are tested on the filter's index entries (≈ 0.6 µs
 * each to collect); beyond, the word is so common that walking with LIKE finds a page sooner.
 */
export const TEXT_PROBE_PLAN_MAX = 100_000
/** At most this many trigrams of a long search text are looked up (LIKE checks the rest). */
const MAX_TRIGRAMS = 12
/** How long the per-value counts that pick the index are reused. */
const COUNTS_TTL_MS = 5_000

export interface ListRow {
  id: string
  drill_run: string
  reported_ms: number
}

export function encodeCursor(reportedMs: number, id: string, drillRun: string) {
  return Buffer.from(JSON.stringify([reportedMs, id, drillRun])).toString('base64url')
}
export function decodeCursor(cursor: string): [number, string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      Number.isFinite(v[0]) &&
      typeof v[1] === 'string' &&
      typeof v[2] === 'string'
    )
      return [v[0], v[1], v[2]]
  } catch {
    /* fall through */
  }
  return null
}

/** Escapes LIKE wildcards so that a search for "100%" means the text "100%". */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The FTS5 query for a text of ≥ 3 characters: the AND of (up to MAX_TRIGRAMS of) its trigrams. */
export function trigramQuery(text: string): string {
  const chars = Array.from(text)
  const all = new Set<string>()
  for (let i = 0; i + 3 <= chars.length; i++) all.add(chars.slice(i, i + 3).join(''))
  let grams = [...all]
  if (grams.length > MAX_TRIGRAMS) {
    // Spread over the text: the first, the last and evenly in between.
    const step = (grams.length - 1) / (MAX_TRIGRAMS - 1)
    grams = Array.from({ length: MAX_TRIGRAMS }, (_, i) => grams[Math.round(i * step)])
  }
  return grams.map((g) => `"${g.replace(/"/g, '""')}"`).join(' AND ')
}

type FilterColumn = 'source' | 'status' | 'township_code'
const INDEX_OF: Record<FilterColumn, string> = {
  source: 'events_by_source',
  status: 'events_by_status',
  township_code: 'events_by_township',
}

export function createEventsQuery<Row extends ListRow>(
  db: Db,
  columns: string,
  toSummary: (r: Row) => EventSummary,
  opts: { textRowidPlanMax?: number; textProbePlanMax?: number } = {},
) {
  const rowidPlanMax = opts.textRowidPlanMax ?? TEXT_ROWID_PLAN_MAX
  const probePlanMax = opts.textProbePlanMax ?? TEXT_PROBE_PLAN_MAX
  // The candidate rowids of a text: ≥ 3 characters through MATCH; 1–2 characters through the
  // term list — every 1–2 character substring starts some trigram (the values end with two
  // U+0001), so the terms in [text, text + U+10FFFF) are exactly the trigrams that begin with it.
  const MATCH_SQL = 'SELECT rowid FROM events_fts WHERE events_fts MATCH ?'
  const PREFIX_SQL = 'SELECT DISTINCT doc FROM events_fts_terms WHERE term >= ? AND term < ?'
  const PENDING_SQL = 'SELECT rowid FROM events_fts_pending'
  const pluck = (sql: string) => db.prepare<unknown[], number>(`${sql} LIMIT ?`).pluck()
  const countOf = (sql: string) => db.prepare<unknown[], number>(`SELECT count(*) FROM (${sql} LIMIT ?)`).pluck()
  const candidates = { match: pluck(MATCH_SQL), prefix: pluck(PREFIX_SQL), pending: pluck(PENDING_SQL) }
  const candidateCount = { match: countOf(MATCH_SQL), prefix: countOf(PREFIX_SQL), pending: countOf(PENDING_SQL) }
  const pendingCount = db.prepare<[], number>('SELECT count(*) FROM events_fts_pending')
  pendingCount.pluck()
  const pendingBatch = db.prepare<
    [number],
    {
      rowid: number
      reindex: number
      id: string | null
      title: string | null
      description: string | null
      address: string | null
    }
  >(
    `SELECT p.rowid, p.reindex, e.id, e.title, e.description, e.address
     FROM events_fts_pending AS p LEFT JOIN events AS e ON e.rowid = p.rowid ORDER BY p.rowid LIMIT ?`,
  )
  const ftsDelete = db.prepare('DELETE FROM events_fts WHERE rowid = ?')
  const ftsInsert = db.prepare('INSERT INTO events_fts (rowid, id, title, description, address) VALUES (?, ?, ?, ?, ?)')
  const pendingDone = db.prepare('DELETE FROM events_fts_pending WHERE rowid <= ?')
  const SENTINEL = '\u0001\u0001'
  const withSentinel = (v: string | null) => (v === null ? null : v + SENTINEL)
  /**
   * Indexes up to `maxRows` pending rows in one transaction (joins the caller's if one is open);
   * returns how many were done. Run in the background: large batches cost a fraction of what the
   * same rows cost one ingest transaction at a time.
   */
  const indexText = db.transaction((maxRows: number) => {
    const rows = pendingBatch.all(maxRows)
    for (const r of rows) {
      if (r.reindex) ftsDelete.run(r.rowid)
      if (r.id !== null)
        ftsInsert.run(
          r.rowid,
          r.id + SENTINEL,
          withSentinel(r.title),
          withSentinel(r.description),
          withSentinel(r.address),
        )
    }
    if (rows.length) pendingDone.run(rows[rows.length - 1].rowid)
    return rows.length
  })
  const countRows = db.prepare<[], { source: string; status: string; township_code: string; n: number }>(
    'SELECT source, status, township_code, n FROM event_counts WHERE n > 0',
  )
  let counts: { at: number; byColumn: Record<FilterColumn, Map<string, number>> } | null = null
  const statements = new Map<string, Statement<unknown[], Row>>()

  /** Rows per value of each filter column (drill events included), refreshed every few seconds. */
  function countsByColumn() {
    const now = Date.now()
    if (!counts || now - counts.at > COUNTS_TTL_MS) {
      const byColumn: Record<FilterColumn, Map<string, number>> = {
        source: new Map(),
        status: new Map(),
        township_code: new Map(),
      }
      for (const r of countRows.all()) {
        for (const col of ['source', 'status', 'township_code'] as const) {
          byColumn[col].set(r[col], (byColumn[col].get(r[col]) ?? 0) + r.n)
        }
      }
      counts = { at: now, byColumn }
    }
    return counts.byColumn
  }

  type TextPlan =
    | { kind: 'none' }
    | { kind: 'rowids'; rowids: number[] }
    | { kind: 'probe'; clause: string; args: unknown[] }
    | { kind: 'scan' }

  /**
   * How to find the events whose text contains `text`: no candidates at all, few (their rowids),
   * a moderate number (a rowid IN clause over the index), or many (walk with LIKE).
   */
  function textPlan(text: string, filtered: boolean, total: number): TextPlan {
    const short = Array.from(text).length < 3
    const folded = text.toLowerCase()
    const source = short ? 'prefix' : 'match'
    const args = short ? [folded, `${folded}\u{10FFFF}`] : [trigramQuery(text)]
    try {
      // Rows not indexed yet (or indexed with older text) are candidates too.
      const pending = candidates.pending.all(rowidPlanMax + 1)
      const found = pending.length > rowidPlanMax ? [] : candidates[source].all(...args, rowidPlanMax + 1)
      if (pending.length + found.length === 0) return { kind: 'none' }
      if (pending.length + found.length <= rowidPlanMax) return { kind: 'rowids', rowids: [...found, ...pending] }
      // Walking the keyset order unfiltered meets a match every total/n rows: with LIKE (a row
      // read, ≈ 4 µs) that beats collecting n candidates (≈ 0.6 µs each) once n² > 1,340 × total.
      // Under a filter the word may be rare however common it is overall, so the index stays
      // cheaper up to probePlanMax.
      const limit = filtered ? probePlanMax : Math.min(probePlanMax, Math.sqrt(1340 * total))
      const n = candidateCount[source].get(...args, limit + 1)! + candidateCount.pending.get(limit + 1)!
      if (n > limit) return { kind: 'scan' }
      const fromPending = pending.length ? ` OR events.rowid IN (${PENDING_SQL})` : ''
      return {
        kind: 'probe',
        clause: `(events.rowid IN (${short ? PREFIX_SQL : MATCH_SQL})${fromPending})`,
        args,
      }
    } catch {
      return { kind: 'scan' } // e.g. a database without the index: LIKE alone is still right
    }
  }

  function prepared(sql: string) {
    let s = statements.get(sql)
    if (!s) {
      s = db.prepare<unknown[], Row>(sql)
      if (statements.size > 500) statements.clear()
      statements.set(sql, s)
    }
    return s
  }

  function list(raw: EventListParams) {
    const p = eventListParamsSchema.parse(raw)
    const where: string[] = []
    const args: unknown[] = []
    const filter = (clause: string, value: unknown) => {
      where.push(clause)
      args.push(value)
    }
    const township = p.townshipCode ?? p.township
    const equality: [FilterColumn, string][] = []
    if (p.source) equality.push(['source', p.source])
    if (p.status) equality.push(['status', p.status])
    if (township) equality.push(['township_code', township])
    for (const [col, value] of equality) filter(`${col} = ?`, value)
    if (p.severity) filter('severity = ?', p.severity)
    if (p.drill === 'exclude') where.push("drill_run = ''")
    if (p.drill === 'only' || p.drillRunId) where.push("drill_run <> ''")
    if (p.drillRunId) filter('drill_run = ?', p.drillRunId)
    if (p.cursor) {
      const c = decodeCursor(p.cursor)
      if (c) {
        // The first term is a range the index can seek to; the row value is the exact keyset.
        filter('reported_ms <= ?', c[0])
        where.push('(reported_ms, id, drill_run) < (?, ?, ?)')
        args.push(c[0], c[1], c[2])
      }
    }

    let from = 'events INDEXED BY events_by_reported'
    if (p.drill === 'only' || p.drillRunId) from = 'events INDEXED BY events_by_drill'
    else if (equality.length) {
      const byColumn = countsByColumn()
      const [col] = equality.reduce((best, cur) =>
        (byColumn[cur[0]].get(cur[1]) ?? 0) < (byColumn[best[0]].get(best[1]) ?? 0) ? cur : best,
      )
      from = `events INDEXED BY ${INDEX_OF[col]}`
    }

    if (p.text) {
      const byColumn = countsByColumn()
      const total = [...byColumn.source.values()].reduce((a, b) => a + b, 0)
      const filtered = from !== 'events INDEXED BY events_by_reported'
      const plan = textPlan(p.text, filtered, total)
      if (plan.kind === 'none') return { items: [], nextCursor: null }
      if (plan.kind === 'rowids') {
        // Few candidates: read them by rowid and sort them (no index but the rowid).
        from = 'events NOT INDEXED'
        where.unshift('events.rowid IN (SELECT value FROM json_each(?))')
        args.unshift(JSON.stringify(plan.rowids))
      } else if (plan.kind === 'probe') {
        // Tested on each index entry (its rowid), before the row is read.
        where.unshift(plan.clause)
        args.unshift(...plan.args)
      }
      const pat = likePattern(p.text)
      where.push(
        "(title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\')",
      )
      args.push(pat, pat, pat, pat)
    }

    const sql = `SELECT ${columns}, reported_ms FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY reported_ms DESC, id DESC, drill_run DESC LIMIT ?`
    const rows = prepared(sql).all(...args, p.limit + 1)
    const more = rows.length > p.limit
    const page = more ? rows.slice(0, p.limit) : rows
    const last = page[page.length - 1]
    return {
      items: page.map(toSummary),
      nextCursor: more && last ? encodeCursor(last.reported_ms, last.id, last.drill_run) : null,
    }
  }

  return {
    list,
    indexText: (maxRows: number) => indexText(maxRows),
    pendingText: () => pendingCount.get()!,
  }
}
