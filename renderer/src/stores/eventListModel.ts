/**
 * The live event list as pure functions: the filters, the order ("newest reported first") and how
 * a batch of changed events from `events.onDidChange` merges into the loaded rows. The store holds
 * the state; everything that decides *what* the list shows lives here and is unit-tested.
 */
import type { EventListParams, EventSource, EventStatus, EventSummary } from '../../../electron/contract'
import {
  compareNewestFirst,
  compareTimed,
  latestPerKey,
  newestFirst,
  timed,
  type Timed,
} from '../../../electron/contract/newest'

// The order and the per-key latest state live with the contract: the engine narrows a wall's live
// batches by the same rules (electron/contract/newest.ts).
export { compareNewestFirst, latestPerKey, newestFirst }

export interface EventFilters {
  source: EventSource | ''
  status: EventStatus | ''
  townshipCode: string
  severity: number | null
  text: string
}

export const emptyFilters = (): EventFilters => ({ source: '', status: '', townshipCode: '', severity: null, text: '' })

/** The filters as `events.list` params (empty ones left out). */
export function filtersToParams(f: EventFilters): EventListParams {
  const p: EventListParams = {}
  if (f.source) p.source = f.source
  if (f.status) p.status = f.status
  if (f.townshipCode) p.townshipCode = f.townshipCode
  if (f.severity) p.severity = f.severity
  const text = f.text.trim()
  if (text) p.text = text
  return p
}

/**
 * The fields the text search looks in: the same as the engine's `events.list` text filter
 * (substring of title, address or id; events-repo.ts), so live rows appear when a re-query would
 * return them. The engine also searches the description, which summaries do not carry: a live
 * event that matches only by its description shows up at the next re-query.
 */
export function textHaystack(e: EventSummary): string[] {
  return [e.title, e.id, e.address ?? '']
}

export function matchesFilters(e: EventSummary, f: EventFilters): boolean {
  if (f.source && e.source !== f.source) return false
  if (f.status && e.status !== f.status) return false
  if (f.townshipCode && e.townshipCode !== f.townshipCode) return false
  if (f.severity && e.severity !== f.severity) return false
  const text = f.text.trim().toLocaleLowerCase()
  if (text && !textHaystack(e).some((h) => h.toLocaleLowerCase().includes(text))) return false
  return true
}

export interface MergeOptions {
  filters: EventFilters
  /**
   * Whether more rows exist beyond the loaded ones (a next page). New events that sort after the
   * last loaded row are then left to paging instead of being inserted out of place.
   */
  hasMore: boolean
  /** Keep at most this many rows (the oldest are dropped). */
  maxRows?: number
}

export interface MergeResult {
  rows: EventSummary[]
  changed: boolean
  /** Rows were dropped at the end because of maxRows. */
  trimmed: boolean
  inserted: number
  updated: number
  removed: number
}

/**
 * Merges one batch of changed events into rows sorted newest first:
 * - a row whose key is in the batch is replaced in place by the newer version, or removed when the
 *   new state no longer matches the filters; an older version never replaces a newer one;
 * - an event not yet in the rows is inserted at its position if it matches the filters (and, when
 *   more pages exist, only if it sorts within the loaded range).
 * Linear in rows + batch, each report time parsed once; with maxRows only the maxRows newest new
 * events are placed (the others could only be trimmed off). Returns the same array when nothing
 * changed.
 */
export function mergeBatch(
  rows: readonly EventSummary[],
  batch: readonly EventSummary[],
  opts: MergeOptions,
): MergeResult {
  const incoming = latestPerKey(batch)
  let updated = 0
  let removed = 0
  const kept: EventSummary[] = []
  const reinsert: Timed[] = []
  for (const row of rows) {
    const next = incoming.get(row.key)
    if (!next) {
      kept.push(row)
      continue
    }
    incoming.delete(row.key)
    if (next.version < row.version) {
      kept.push(row)
      continue
    }
    if (!matchesFilters(next, opts.filters)) {
      removed++
      continue
    }
    if (next.version === row.version && next.updatedAt === row.updatedAt && next.versionCount === row.versionCount) {
      kept.push(row)
      continue
    }
    updated++
    if (compareNewestFirst(next, row) === 0) kept.push(next)
    else reinsert.push(timed(next)) // its position changed (reportedAt corrected): move it
  }

  const last = kept.length ? timed(kept[kept.length - 1]) : undefined
  let candidates: Timed[] = reinsert.slice()
  for (const e of incoming.values()) {
    if (!matchesFilters(e, opts.filters)) continue
    const c = timed(e)
    if (opts.hasMore && last && compareTimed(c, last) > 0) continue
    candidates.push(c)
  }
  const inserted = candidates.length - reinsert.length

  if (!updated && !removed && !candidates.length) {
    return { rows: rows as EventSummary[], changed: false, trimmed: false, inserted: 0, updated: 0, removed: 0 }
  }

  let trimmed = false
  let merged: EventSummary[]
  if (!candidates.length) merged = kept
  else {
    candidates.sort(compareTimed)
    if (opts.maxRows !== undefined && candidates.length > opts.maxRows) {
      candidates = candidates.slice(0, opts.maxRows)
      trimmed = true
    }
    merged = new Array(kept.length + candidates.length)
    let i = 0
    let j = 0
    let k = 0
    let row = i < kept.length ? timed(kept[i]) : undefined
    while (row && j < candidates.length) {
      if (compareTimed(row, candidates[j]) <= 0) {
        merged[k++] = row.e
        row = ++i < kept.length ? timed(kept[i]) : undefined
      } else merged[k++] = candidates[j++].e
    }
    while (i < kept.length) merged[k++] = kept[i++]
    while (j < candidates.length) merged[k++] = candidates[j++].e
  }

  if (opts.maxRows !== undefined && merged.length > opts.maxRows) {
    merged.length = opts.maxRows
    trimmed = true
  }
  return { rows: merged, changed: true, trimmed, inserted, updated, removed }
}

/**
 * What of the live changes waiting for the next redraw can still show in a list that keeps only
 * its `limit` first rows (the wall's feed): the latest version of each row shown (an update or a
 * removal), and the `limit` newest others that match the filters — any other would be trimmed off
 * by the merge. Applied to each batch as it arrives, it keeps the waiting changes (and so the
 * merge at the redraw) to at most shown + `limit` events whatever the rate of the storm.
 */
export function pendingForTop(
  pending: readonly EventSummary[],
  shownKeys: ReadonlySet<string>,
  limit: number,
  filters: EventFilters,
): EventSummary[] {
  const shown: EventSummary[] = []
  const others: EventSummary[] = []
  for (const e of latestPerKey(pending).values()) {
    if (shownKeys.has(e.key)) shown.push(e)
    else if (matchesFilters(e, filters)) others.push(e)
  }
  return others.length > limit ? shown.concat(newestFirst(others, limit)) : shown.concat(others)
}

/**
 * Appends the next page: rows already present (same key, inserted live meanwhile) are not repeated,
 * and the newer version of an event wins.
 */
export function appendPage(rows: readonly EventSummary[], page: readonly EventSummary[]): EventSummary[] {
  const seen = new Map<string, number>()
  rows.forEach((r, i) => seen.set(r.key, i))
  const out = rows.slice()
  for (const e of page) {
    const at = seen.get(e.key)
    if (at === undefined) {
      seen.set(e.key, out.length)
      out.push(e)
    } else if (e.version > out[at].version) out[at] = e
  }
  return out
}
