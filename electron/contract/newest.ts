/**
 * "Newest reported first" — the order of every event list and feed — and the digest of
 * `events.onDidChange` for a screen that shows only the newest few events (the wall's ticker).
 * Pure and shared: the renderer's list model orders by it, and the engine narrows a wall peer's
 * live batches with the same digest the page would apply (server/http.ts), so a wall in a storm
 * receives a few dozen summaries a batch instead of hundreds.
 */
import type { EventSummary } from './index'

const reportedMs = (e: EventSummary) => {
  const t = Date.parse(e.reportedAt)
  return Number.isNaN(t) ? 0 : t
}

const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0)
const tieBreak = (a: EventSummary, b: EventSummary) =>
  descending(a.id, b.id) || descending(a.drillRunId ?? '', b.drillRunId ?? '')

/**
 * Newest reported first; ties broken by id, then drill run, both descending (the engine keyset
 * order: `reported_ms DESC, id DESC, drill_run DESC`, a real event's run being '').
 */
export function compareNewestFirst(a: EventSummary, b: EventSummary): number {
  const d = reportedMs(b) - reportedMs(a)
  if (d !== 0) return d
  return tieBreak(a, b)
}

/** An event with its report time parsed once, for sorting many (compareTimed). */
export interface Timed {
  e: EventSummary
  ms: number
}
export const timed = (e: EventSummary): Timed => ({ e, ms: reportedMs(e) })
/** compareNewestFirst on Timed values. */
export const compareTimed = (a: Timed, b: Timed) => b.ms - a.ms || tieBreak(a.e, b.e)

/**
 * The events newest first (compareNewestFirst), at most `limit` of them. Each report time is
 * parsed once, not in every comparison (a live batch holds hundreds of events).
 */
export function newestFirst(events: readonly EventSummary[], limit = Infinity): EventSummary[] {
  const sorted = events.map(timed).sort(compareTimed)
  if (sorted.length > limit) sorted.length = limit
  return sorted.map((t) => t.e)
}

/**
 * Latest state per key within one batch (the engine already coalesces; be defensive). The key,
 * not the id, is an event's identity: a drill event may share its id with a real one.
 */
export function latestPerKey(batch: readonly EventSummary[]): Map<string, EventSummary> {
  const out = new Map<string, EventSummary>()
  for (const e of batch) {
    const prev = out.get(e.key)
    if (!prev || e.version >= prev.version) out.set(e.key, e)
  }
  return out
}

/** The live event a digest narrows (wire.ts `digest`). */
export const DIGESTED_EVENT = 'events.onDidChange'

export interface NewestDigest {
  /** How many of the newest events the page shows. */
  limit: number
  /** What it shows now (e.g. the feed just loaded). */
  seed: readonly EventSummary[]
}

/** The most a digest may ask for (a wall shows a few dozen). */
export const DIGEST_MAX_LIMIT = 500
/** The most summaries a digest's seed may carry (what the page shows and what was on its way). */
export const DIGEST_MAX_SEED = 2000

/**
 * A digest of `events.onDidChange` batches: of each batch it keeps what can still show in a list of
 * the `limit` newest — the changes of the events it tracks and the events that become one of the
 * `limit` newest. `reduce` takes a batch's items and returns those to send.
 *
 * Exact for a list of the `limit` newest (the events store's feed, merged with eventListModel's
 * rules): it tracks the `limit` newest of everything the page showed (the seed) or was sent, which
 * include every row of such a list, so no change of a row can be dropped. An event that a batch
 * brings and that is not among the tracked ones either is older than all of them (it could not
 * enter the list) or enters them and is sent. A seed that lacks some of what the page shows only
 * makes it send more, never less: the tracked events are then older than the page's. Every batch
 * still yields a result, empty if need be: other subscribers only need to know that events changed
 * (the wall's statistics).
 */
export function createNewestDigest(digest: NewestDigest) {
  const limit = Math.max(1, digest.limit)
  /** The tracked events (latest state), newest first, at most `limit`. */
  let tracked: EventSummary[] = newestFirst([...latestPerKey(digest.seed).values()], limit)

  return {
    reduce(items: readonly EventSummary[]): EventSummary[] {
      const trackedKeys = new Set(tracked.map((e) => e.key))
      const changed: EventSummary[] = []
      const others: EventSummary[] = []
      for (const e of latestPerKey(items).values()) (trackedKeys.has(e.key) ? changed : others).push(e)
      const entering = newestFirst(others, limit)
      // The newest `limit` of what was tracked (in its latest state) and what enters.
      const latest = new Map(tracked.map((e) => [e.key, e]))
      for (const e of changed) {
        const before = latest.get(e.key)
        if (!before || e.version >= before.version) latest.set(e.key, e)
      }
      tracked = newestFirst([...latest.values(), ...entering], limit)
      const nowTracked = new Set(tracked.map((e) => e.key))
      // Entering events that did not make it are older than all the tracked ones: nobody shows them.
      return changed.concat(entering.filter((e) => nowTracked.has(e.key)))
    },
    /** The events tracked, newest first. */
    tracked: (): readonly EventSummary[] => tracked,
  }
}

/**
 * A digest as it arrives from a client (the wire's `digest` frame), checked as far as the digest
 * relies on it; null when it is not one. The engine never trusts a page's data further: the seed
 * only decides what is left out of that page's own live batches.
 */
export function parseDigest(value: unknown): NewestDigest | null {
  if (typeof value !== 'object' || value === null) return null
  const { limit, seed } = value as { limit?: unknown; seed?: unknown }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > DIGEST_MAX_LIMIT) return null
  if (!Array.isArray(seed) || seed.length > DIGEST_MAX_SEED) return null
  const ok = seed.every(
    (e: unknown) =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as EventSummary).key === 'string' &&
      typeof (e as EventSummary).id === 'string' &&
      typeof (e as EventSummary).reportedAt === 'string' &&
      typeof (e as EventSummary).version === 'number' &&
      Number.isFinite((e as EventSummary).version) &&
      ((e as EventSummary).drillRunId === undefined ||
        (e as EventSummary).drillRunId === null ||
        typeof (e as EventSummary).drillRunId === 'string'),
  )
  return ok ? { limit, seed: seed as EventSummary[] } : null
}
