/**
 * A digest of `events.onDidChange` for a window that shows only the newest few events (the wall's
 * ticker): of each batch — hundreds of summaries in a storm — it keeps what can still show there,
 * the changes of the events it tracks and the events that become one of the `limit` newest. It
 * runs where the socket is received (the worker of workerSocket.ts), so the page parses a few
 * dozen summaries a batch instead of hundreds.
 *
 * Exact for a list of the `limit` newest (the events store's feed, merged with eventListModel's
 * rules): it tracks the `limit` newest of everything the page showed (the seed) or was sent — the
 * relay seeds it also with what it sent before the digest was given — which include every row of
 * such a list, so no change of a row can be dropped. An event that a batch
 * brings and that is not among the tracked ones either is older than all of them (it could not
 * enter the list) or enters them and is sent. Every batch is still sent, empty if need be: other
 * subscribers only need to know that events changed (the wall's statistics).
 */
import type { EventSummary } from '../../../electron/contract'
import { latestPerKey, newestFirst } from '../stores/eventListModel'

export interface NewestDigest {
  /** How many of the newest events the page shows. */
  limit: number
  /** What it shows now (e.g. the feed just loaded). */
  seed: readonly EventSummary[]
}

/** The state of one digest: `reduce` takes a batch's items and returns those to send. */
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
