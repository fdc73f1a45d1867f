import { describe, expect, it } from 'vitest'
import type { EventSummary } from '../../../electron/contract'
import { mergeBatch, newestFirst, pendingForTop, emptyFilters } from '../stores/eventListModel'
import { createNewestDigest } from '../../../electron/contract/newest'
import { createSocketRelay, type RelayReport } from './workerSocket'
import { summarySequence } from '../testing/events'

const LIMIT = 20
const base = Date.UTC(2026, 10, 28, 1, 0, 0)
const ev = summarySequence(base)

/** A small deterministic random generator (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The events store's feed: what it does with each batch (pendingForTop, then the merge at the redraw). */
function feedOf(seed: EventSummary[], batches: EventSummary[][]) {
  let feed = seed
  for (const batch of batches) {
    const pending = pendingForTop(batch, new Set(feed.map((e) => e.key)), LIMIT, emptyFilters())
    feed = mergeBatch(feed, pending, { filters: emptyFilters(), hasMore: true, maxRows: LIMIT }).rows
  }
  return feed
}

/** A storm: new events (some reported late), and changes of events seen before (some moved in time). */
function storm(rand: () => number, batches: number, perBatch: number) {
  const seen: EventSummary[] = []
  const out: EventSummary[][] = []
  for (let b = 0; b < batches; b++) {
    const batch: EventSummary[] = []
    for (let i = 0; i < perBatch; i++) {
      const r = rand()
      if (r < 0.7 || seen.length === 0) {
        const late = rand() < 0.2 ? -Math.floor(rand() * 3_600_000) : 0
        const e = ev()
        const fresh = { ...e, reportedAt: new Date(Date.parse(e.reportedAt) + late).toISOString() }
        batch.push(fresh)
        seen.push(fresh)
      } else {
        const j = Math.floor(rand() * seen.length)
        const before = seen[j]
        const moved = rand() < 0.1 ? new Date(Date.parse(before.reportedAt) - 600_000).toISOString() : before.reportedAt
        const after = {
          ...before,
          version: before.version + 1,
          versionCount: before.versionCount + 1,
          status: 'accepted' as const,
          reportedAt: moved,
        }
        seen[j] = after
        if (!batch.some((x) => x.key === after.key)) batch.push(after)
      }
    }
    out.push(batch)
  }
  return out
}

describe('the newest-events digest', () => {
  it('gives the feed exactly what the full stream gives it, sending a bounded part of each batch', () => {
    for (const s of [1, 2, 3, 4, 5]) {
      const rand = random(s)
      const seed = newestFirst(Array.from({ length: LIMIT }, () => ev()))
      const batches = storm(rand, 60, 200)
      const digest = createNewestDigest({ limit: LIMIT, seed })
      const narrowed = batches.map((b) => digest.reduce(b))
      for (const b of narrowed) expect(b.length).toBeLessThanOrEqual(2 * LIMIT)
      expect(feedOf(seed, narrowed)).toEqual(feedOf(seed, batches))
    }
  })

  it('sends the changes of what it tracks even when they are older than the batch', () => {
    const seed = newestFirst(Array.from({ length: LIMIT }, () => ev()))
    const digest = createNewestDigest({ limit: LIMIT, seed })
    const changed = { ...seed[LIMIT - 1], version: 2, status: 'closed' as const }
    const newer = Array.from({ length: 300 }, () => ev())
    const sent = digest.reduce([...newer, changed])
    expect(sent).toContainEqual(changed)
    expect(sent.length).toBe(LIMIT + 1)
  })

  it('sends nothing of a batch of events older than everything shown, but still the batch', () => {
    const old = Array.from({ length: 50 }, () => ev())
    const seed = newestFirst(Array.from({ length: LIMIT }, () => ev()))
    expect(createNewestDigest({ limit: LIMIT, seed }).reduce(old)).toEqual([])
  })
})

describe('the relay with a digest', () => {
  const frame = (items: EventSummary[]) => JSON.stringify({ t: 'event', name: 'events.onDidChange', data: { items } })
  function relayWithSocket() {
    const reports: RelayReport[] = []
    const sentToEngine: string[] = []
    let socket: { onmessage: ((ev: { data: unknown }) => void) | null } | null = null
    const relay = createSocketRelay(
      (r) => reports.push(r),
      class {
        onmessage: ((ev: { data: unknown }) => void) | null = null
        onopen = null
        onclose = null
        onerror = null
        constructor() {
          // eslint-disable-next-line @typescript-eslint/no-this-alias -- the test drives this socket
          socket = this
        }
        send(data: string) {
          sentToEngine.push(data)
        }
        close() {}
      } as unknown as new (url: string) => never,
    )
    relay({ t: 'open', url: 'ws://e/api/ws' })
    const push = (data: string) => socket!.onmessage!({ data })
    const messages = () => reports.filter((r) => r.t === 'message').map((r) => (r as { data: string }).data)
    return { relay, push, messages, sentToEngine }
  }

  it('passes frames on as they came without a digest, and every other message with one', () => {
    const { relay, push, messages } = relayWithSocket()
    const batch = frame(Array.from({ length: 50 }, () => ev()))
    push(batch)
    relay({ t: 'digest', digest: { limit: LIMIT, seed: [] } })
    const health = JSON.stringify({ t: 'event', name: 'health.onDidChange', data: { demoMode: true } })
    const reply = JSON.stringify({ t: 'reply', id: 3, ok: true, value: { items: [] } })
    push(health)
    push(reply)
    push('not json')
    expect(messages()).toEqual([batch, health, reply, 'not json'])
  })

  it('narrows events.onDidChange with a digest, also for events sent before the digest was given', () => {
    const { relay, push, messages } = relayWithSocket()
    const early = ev()
    push(frame([early])) // on its way to the page when the page gives the digest (its seed lacks it)
    relay({ t: 'digest', digest: { limit: LIMIT, seed: [] } })
    const storm = Array.from({ length: 300 }, () => ev())
    const changedEarly = { ...early, version: 2, status: 'closed' as const }
    push(frame([...storm, changedEarly]))
    const narrowed = JSON.parse(messages().at(-1)!) as { t: string; name: string; data: { items: EventSummary[] } }
    expect(narrowed.name).toBe('events.onDidChange')
    expect(narrowed.data.items).toContainEqual(changedEarly)
    expect(narrowed.data.items.length).toBe(LIMIT + 1)
    relay({ t: 'digest', digest: null })
    const full = frame(storm)
    push(full)
    expect(messages().at(-1)).toBe(full)
  })

  it('passes the digest on to the engine, seeded also with what was on its way to the page', () => {
    const { relay, push, sentToEngine } = relayWithSocket()
    const early = ev()
    push(frame([early]))
    const shown = [ev()]
    relay({ t: 'digest', digest: { limit: LIMIT, seed: shown } })
    relay({ t: 'digest', digest: null })
    expect(sentToEngine.map((d) => JSON.parse(d))).toEqual([
      { t: 'digest', event: 'events.onDidChange', digest: { limit: LIMIT, seed: [...shown, early] } },
      { t: 'digest', event: 'events.onDidChange', digest: null },
    ])
  })
})
