/**
 * The event list query (`events.list`): filters, text search and keyset paging over the current
 * state, fast on a million rows (bench/queries.ts). The indexes and the trigram index it relies on
 * are created by migrations 5 and 7; how the plan is chosen is explained in docs/performance.md.
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
import {
  eventListParamsSchema,
  queueFiltersSchema,
  queueParamsSchema,
  type EventListParams,
  type EventSummary,
  type QueueCounts,
  type QueueFilters,
  type QueueParams,
  type QueueTab,
} from '../../contract'
import type { Statement } from 'better-sqlite3'
import type { z } from 'zod'
import { toHallIso } from '../domain/time'
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

/**
 * The one trigram that stands for a township or source value in the text index: a kind marker
 * and two private-use characters from a hash of the value (a collision only adds candidates,
 * which the SQL filter then drops).
 */
export function facetToken(kind: 'township' | 'source', value: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193) >>> 0
  return String.fromCodePoint(kind === 'township' ? 0xe001 : 0xe002, 0xe100 + (h & 0xff), 0xe200 + ((h >>> 8) & 0xff))
}

/** Candidates of a 1-character text counted at most (beyond, walk with LIKE). */
const PREFIX_COUNT_MAX = 10_000
/** Above this many index terms beginning with a 2-character text, it is looked up like 1 character. */
const MAX_PREFIX_TERMS = 100

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
  // The candidate rowids of a text: through MATCH, or for one character through the term list:
  // every 1–2 character substring starts some trigram (the values end with two U+0001), so the
  // terms in [text, text + U+10FFFF) are exactly the trigrams that begin with it.
  const MATCH_SQL = 'SELECT rowid FROM events_fts WHERE events_fts MATCH ?'
  const PREFIX_SQL = 'SELECT doc FROM events_fts_terms WHERE term >= ? AND term < ?'
  // Not in the index yet: new rows above the mark, and indexed rows whose values changed since.
  const PENDING_SQL =
    'SELECT rowid FROM events WHERE rowid > (SELECT indexed_to FROM events_fts_state) UNION ALL SELECT rowid FROM events_fts_pending'
  const pluck = (sql: string) => db.prepare<unknown[], number>(`${sql} LIMIT ?`).pluck()
  const countOf = (sql: string) => db.prepare<unknown[], number>(`SELECT count(*) FROM (${sql} LIMIT ?)`).pluck()
  const candidates = {
    match: pluck(MATCH_SQL),
    prefix: pluck(PREFIX_SQL.replace('SELECT doc', 'SELECT DISTINCT doc')),
    pending: pluck(PENDING_SQL),
  }
  const candidateCount = {
    match: countOf(MATCH_SQL),
    prefix: countOf(PREFIX_SQL.replace('SELECT doc', 'SELECT DISTINCT doc')),
    pending: countOf(PENDING_SQL),
  }
  const prefixTerms = db
    .prepare<[string, string, number], string>('SELECT term FROM events_fts_vocab WHERE term >= ? AND term < ? LIMIT ?')
    .pluck()
  const pendingCount = db.prepare<[], number>(`SELECT count(*) FROM (${PENDING_SQL})`).pluck()
  const indexedTo = db.prepare<[], number>('SELECT indexed_to FROM events_fts_state').pluck()
  const setIndexedTo = db.prepare('UPDATE events_fts_state SET indexed_to = ?')
  const markChanged = db.prepare('INSERT INTO events_fts_pending (rowid) VALUES (?) ON CONFLICT DO NOTHING')
  type TextRow = {
    rowid: number
    id: string | null
    title: string | null
    description: string | null
    address: string | null
    township_code: string | null
    source: string | null
  }
  const changedRows = db.prepare<[number], TextRow>(
    `SELECT p.rowid, e.id, e.title, e.description, e.address, e.township_code, e.source
     FROM events_fts_pending AS p LEFT JOIN events AS e ON e.rowid = p.rowid ORDER BY p.rowid LIMIT ?`,
  )
  const newRows = db.prepare<[number, number], TextRow>(
    'SELECT rowid, id, title, description, address, township_code, source FROM events WHERE rowid > ? ORDER BY rowid LIMIT ?',
  )
  const changedDone = db.prepare('DELETE FROM events_fts_pending WHERE rowid <= ?')
  const ftsDelete = db.prepare('DELETE FROM events_fts WHERE rowid = ?')
  const ftsInsert = db.prepare(
    'INSERT INTO events_fts (rowid, id, title, description, address, township, source) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const SENTINEL = '\u0001\u0001'
  const withSentinel = (v: string | null) => (v === null ? null : v + SENTINEL)
  const insertText = (r: TextRow) =>
    ftsInsert.run(
      r.rowid,
      r.id + SENTINEL,
      withSentinel(r.title),
      withSentinel(r.description),
      withSentinel(r.address),
      facetToken('township', r.township_code ?? ''),
      facetToken('source', r.source ?? ''),
    )
  /**
   * Indexes up to `maxRows` rows (changed ones first, then new ones) in one transaction (joins
   * the caller's if one is open); returns how many were done. Run in the background: large
   * batches cost a fraction of what the same rows cost one ingest transaction at a time.
   */
  const indexText = db.transaction((maxRows: number) => {
    const mark = indexedTo.get()!
    const changed = changedRows.all(maxRows)
    for (const r of changed) {
      // Above the mark it is still new: the new rows below index its current values.
      if (r.rowid > mark) continue
      ftsDelete.run(r.rowid)
      if (r.id !== null) insertText(r)
    }
    if (changed.length) changedDone.run(changed[changed.length - 1].rowid)
    const fresh = newRows.all(mark, maxRows - changed.length)
    for (const r of fresh) insertText(r)
    if (fresh.length) setIndexedTo.run(fresh[fresh.length - 1].rowid)
    return changed.length + fresh.length
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
   * How to find the events whose text contains `text` (and, inside the index, whose township and
   * source are the filtered ones): no candidates at all, few (their rowids), a moderate number
   * (a rowid IN clause tested on the index entries), or many (walk with LIKE).
   */
  function textPlan(
    text: string,
    facets: { township?: string; source?: string },
    /**
     * Rows of the index the list walks (all events, or those of the filtered township or
     * source) when the index's candidate count is also counted within them; null otherwise
     * (e.g. walking the status index: the word may be rare there however common it is overall).
     */
    walkedRows: number | null,
  ): TextPlan {
    const chars = Array.from(text)
    const folded = text.toLowerCase()
    let source: 'match' | 'prefix' = 'match'
    let args: unknown[]
    try {
      if (chars.length >= 3) args = [trigramQuery(text)]
      else {
        const terms = chars.length === 2 ? prefixTerms.all(folded, `${folded}\u{10FFFF}`, MAX_PREFIX_TERMS + 1) : []
        if (chars.length === 2 && terms.length === 0) {
          // Nowhere in the index: only rows not indexed yet can match.
          const pending = candidates.pending.all(rowidPlanMax + 1)
          if (pending.length > rowidPlanMax) return { kind: 'scan' }
          return pending.length ? { kind: 'rowids', rowids: pending } : { kind: 'none' }
        }
        if (chars.length === 2 && terms.length <= MAX_PREFIX_TERMS) {
          args = [`(${terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')})`]
        } else {
          source = 'prefix'
          args = [folded, `${folded}\u{10FFFF}`]
        }
      }
      if (source === 'match') {
        const parts = [args[0] as string]
        if (facets.township) parts.push(`"${facetToken('township', facets.township)}"`)
        if (facets.source) parts.push(`"${facetToken('source', facets.source)}"`)
        args = [parts.join(' AND ')]
      }
      // Rows not indexed yet (or indexed with older values) are candidates too.
      const pending = candidates.pending.all(rowidPlanMax + 1)
      const found = pending.length > rowidPlanMax ? [] : candidates[source].all(...args, rowidPlanMax + 1)
      if (pending.length + found.length === 0) return { kind: 'none' }
      if (pending.length + found.length <= rowidPlanMax) return { kind: 'rowids', rowids: [...found, ...pending] }
      // Walking W rows that hold n matches meets one every W/n rows: with LIKE (a row read,
      // ≈ 4 µs) that beats collecting the n candidates (≈ 0.6 µs each) once n² > 1,340 × W.
      // When the count is not within the walked rows, the index stays cheaper up to the cap.
      // A 1-character text is counted through the term list (≈ 0.8 µs a row, and never within
      // a township or source): it is common anyway, so the count stops early.
      let limit = walkedRows === null ? probePlanMax : Math.min(probePlanMax, Math.sqrt(1340 * walkedRows))
      if (source === 'prefix') limit = Math.min(limit, PREFIX_COUNT_MAX)
      const n = candidateCount[source].get(...args, limit + 1)! + candidateCount.pending.get(limit + 1)!
      if (n > limit) return { kind: 'scan' }
      const fromPending = pending.length ? ` OR events.rowid IN (${PENDING_SQL})` : ''
      return {
        kind: 'probe',
        clause: `(events.rowid IN (${source === 'prefix' ? PREFIX_SQL : MATCH_SQL})${fromPending})`,
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
    let walkedRows: number | null = null
    if (p.drill === 'only' || p.drillRunId) from = 'events INDEXED BY events_by_drill'
    else if (equality.length) {
      const byColumn = countsByColumn()
      const [col, value] = equality.reduce((best, cur) =>
        (byColumn[cur[0]].get(cur[1]) ?? 0) < (byColumn[best[0]].get(best[1]) ?? 0) ? cur : best,
      )
      from = `events INDEXED BY ${INDEX_OF[col]}`
      // The text index counts within a township and a source (its facets), not a status.
      if (col !== 'status') walkedRows = byColumn[col].get(value) ?? 0
    } else {
      walkedRows = [...countsByColumn().source.values()].reduce((a, b) => a + b, 0)
    }
    // Nor within a status, a severity or the drill flag.
    if (p.status || p.severity || p.drill === 'exclude') walkedRows = null

    if (p.text) {
      const plan = textPlan(p.text, { township, source: p.source }, walkedRows)
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
    /** An indexed row's text, township or source changed: index it again (same transaction). */
    textChanged: (rowid: number) => void markChanged.run(rowid),
  }
}

/** Statuses of open work (the partial indexes of the queue name them literally, so must the queries). */
const OPEN_CLAUSE = "drill_run = '' AND status NOT IN ('rejected', 'resolved', 'visited', 'closed')"

/**
 * The duty officer's queue (`events.queue`, `events.queueCounts`): open work only, each tab read
 * from a small partial index in the tab's order (migrations 5 and 10), the filters checked on the
 * rows — the sets are open events, thousands rather than millions.
 */
export function createEventsQueue<Row extends ListRow>(
  db: Db,
  columns: string,
  toSummary: (r: Row) => EventSummary,
  opts: { dueSoonMs: () => number; reminderMs: () => Record<1 | 2 | 3 | 4, number>; now?: () => number },
) {
  const now = opts.now ?? Date.now
  const statements = new Map<string, Statement<unknown[], unknown>>()
  const prepared = <T>(sql: string) => {
    let s = statements.get(sql)
    if (!s) {
      s = db.prepare<unknown[], unknown>(sql)
      if (statements.size > 200) statements.clear()
      statements.set(sql, s)
    }
    return s as Statement<unknown[], T>
  }

  /** FROM, the tab's own condition and its order. */
  function tabSql(tab: QueueTab, t: number): { from: string; where: string[]; args: unknown[]; order: string } {
    switch (tab) {
      case 'unaccepted':
        return {
          from: 'events INDEXED BY events_queue_unaccepted',
          where: ["status = 'reported'", "drill_run = ''"],
          args: [],
          order: 'severity DESC, reported_ms, id',
        }
      case 'overdue':
        return {
          from: 'events INDEXED BY events_open_deadline',
          where: ['deadline_ms IS NOT NULL', OPEN_CLAUSE, 'deadline_ms <= ?'],
          args: [t],
          order: 'deadline_ms, rowid',
        }
      case 'due_soon':
        return {
          from: 'events INDEXED BY events_open_deadline',
          where: ['deadline_ms IS NOT NULL', OPEN_CLAUSE, 'deadline_ms > ?', 'deadline_ms <= ?'],
          args: [t, t + opts.dueSoonMs()],
          order: 'deadline_ms, rowid',
        }
      case 'supervised':
        return {
          from: 'events INDEXED BY events_queue_supervised',
          where: ['supervision_level IS NOT NULL', OPEN_CLAUSE],
          args: [],
          // Highest level first, then the nearest deadline (none last).
          order: 'supervision_level DESC, deadline_ms IS NULL, deadline_ms, id',
        }
    }
  }

  function filterSql(f: z.output<typeof queueFiltersSchema>): { where: string[]; args: unknown[] } {
    const where: string[] = []
    const args: unknown[] = []
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause)
      args.push(...values)
    }
    if (f.source) add('source = ?', f.source)
    if (f.domain) add('domain = ?', f.domain)
    if (f.category) add('category = ?', f.category)
    if (f.severity) add('severity = ?', f.severity)
    if (f.townshipCode) add('township_code = ?', f.townshipCode)
    if (f.villageCode) add('village_code = ?', f.villageCode)
    if (f.text) {
      const pat = likePattern(f.text)
      add(
        "(title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\')",
        pat,
        pat,
        pat,
        pat,
      )
    }
    return { where, args }
  }

  function queue(raw: QueueParams) {
    const p = queueParamsSchema.parse(raw)
    const tab = tabSql(p.tab, now())
    const f = filterSql(p)
    const sql = `SELECT ${columns}, reported_ms FROM ${tab.from} WHERE ${[...tab.where, ...f.where].join(' AND ')}
      ORDER BY ${tab.order} LIMIT ? OFFSET ?`
    const rows = prepared<Row>(sql).all(...tab.args, ...f.args, p.limit + 1, p.offset)
    const more = rows.length > p.limit
    return {
      items: (more ? rows.slice(0, p.limit) : rows).map(toSummary),
      nextOffset: more ? p.offset + p.limit : null,
    }
  }

  function count(tab: QueueTab, f: { where: string[]; args: unknown[] }, t: number): number {
    const s = tabSql(tab, t)
    return prepared<number>(`SELECT count(*) FROM ${s.from} WHERE ${[...s.where, ...f.where].join(' AND ')}`)
      .pluck()
      .get(...s.args, ...f.args)!
  }

  function counts(raw: QueueFilters): QueueCounts {
    const p = queueFiltersSchema.parse(raw)
    const t = now()
    const f = filterSql(p)
    // 全部 from the exact aggregates when every filter is one of their columns.
    let all: number | null = null
    if (!p.text && !p.category && !p.villageCode) {
      const where = ['drill = 0']
      const args: unknown[] = []
      const add = (clause: string, value: unknown) => {
        where.push(clause)
        args.push(value)
      }
      if (p.source) add('source = ?', p.source)
      if (p.domain) add('domain = ?', p.domain)
      if (p.severity) add('severity = ?', p.severity)
      if (p.townshipCode) add('township_code = ?', p.townshipCode)
      all = prepared<number>(`SELECT coalesce(sum(n), 0) FROM event_counts WHERE ${where.join(' AND ')}`)
        .pluck()
        .get(...args)!
    }
    // Waiting too long: per severity, reported before now − its threshold.
    const reminder = opts.reminderMs()
    const waitWhere: string[] = []
    const waitArgs: unknown[] = []
    for (const sev of [1, 2, 3, 4] as const) {
      waitWhere.push('(severity = ? AND reported_ms <= ?)')
      waitArgs.push(sev, t - reminder[sev])
    }
    const unaccepted = tabSql('unaccepted', t)
    const waiting = prepared<{ n: number; oldest: number | null }>(
      `SELECT count(*) AS n, min(reported_ms) AS oldest FROM ${unaccepted.from}
       WHERE ${[...unaccepted.where, ...f.where, `(${waitWhere.join(' OR ')})`].join(' AND ')}`,
    ).get(...f.args, ...waitArgs)!
    return {
      generatedAt: toHallIso(t),
      unaccepted: count('unaccepted', f, t),
      due_soon: count('due_soon', f, t),
      overdue: count('overdue', f, t),
      supervised: count('supervised', f, t),
      all,
      waitingTooLong: waiting.n,
      oldestWaitingSince: waiting.oldest === null ? null : toHallIso(waiting.oldest),
    }
  }

  return { queue, counts }
}
