/**
 * Live events to subscribers in batches: changes are coalesced (latest state per key) and
 * flushed at most every `intervalMs` (100 ms → ≤ 10 frames a second per event), never one
 * frame per MQTT message.
 */
import { liveEvents, scopeAllows, type LiveEventData, type LiveEventName, type Scope } from '../../contract'
import type { ServerFrame } from '../../contract/wire'

export interface LivePeer {
  scopes: readonly Scope[]
  subscriptions: Set<string>
  /**
   * `frame` gives the wire frame `{ t: 'event', name, data }` as UTF-8 JSON, encoded once for
   * every peer it goes to: a storm frame holds hundreds of summaries, and a hall has many screens.
   */
  send(name: string, data: unknown, frame: () => Buffer): void
}

/** Live events whose data is `{ items: [...] }`: batched as the latest item per key. */
type ItemsEventName = {
  [E in LiveEventName]: LiveEventData<E> extends { items: (infer _I)[] } ? E : never
}[LiveEventName]
type ItemOf<E extends ItemsEventName> = LiveEventData<E> extends { items: (infer I)[] } ? I : never
/** Live events whose latest value replaces the previous one. */
type SnapshotEventName = 'health.onDidChange' | 'registry.onDidChange'

export function createLiveHub(intervalMs = 100) {
  const peers = new Set<LivePeer>()
  const batches = new Map<ItemsEventName, Map<string, unknown>>()
  let snapshots: Partial<{ [E in SnapshotEventName]: LiveEventData<E> }> = {}
  let quarantined: { count: number; latest: LiveEventData<'quarantine.onDidAdd'>['latest'] } | null = null
  let healthLater: (() => LiveEventData<'health.onDidChange'>) | null = null
  let timer: ReturnType<typeof setTimeout> | null = null

  const schedule = () => {
    if (!timer) timer = setTimeout(flush, intervalMs)
  }

  function emit<E extends LiveEventName>(name: E, data: LiveEventData<E>) {
    let encoded: Buffer | null = null
    const frame = () => (encoded ??= Buffer.from(JSON.stringify({ t: 'event', name, data } satisfies ServerFrame)))
    for (const p of peers) {
      if (p.subscriptions.has(name) && scopeAllows(p.scopes, liveEvents[name].scope)) p.send(name, data, frame)
    }
  }

  function flush() {
    timer = null
    for (const [name, batch] of batches) {
      if (!batch.size) continue
      const items = [...batch.values()]
      batch.clear()
      emit(name, { items } as LiveEventData<typeof name>)
    }
    if (quarantined) {
      emit('quarantine.onDidAdd', quarantined)
      quarantined = null
    }
    const pending = snapshots
    snapshots = {}
    if (healthLater && peers.size) pending['health.onDidChange'] = healthLater()
    healthLater = null
    if (pending['health.onDidChange']) emit('health.onDidChange', pending['health.onDidChange'])
    if (pending['registry.onDidChange']) emit('registry.onDidChange', pending['registry.onDidChange'])
  }

  return {
    add(peer: LivePeer) {
      peers.add(peer)
      return () => peers.delete(peer)
    },
    /** Queues the latest state of one item (by key) for the next batch of `name`. */
    changed<E extends ItemsEventName>(name: E, key: string, item: ItemOf<E>) {
      let batch = batches.get(name)
      if (!batch) batches.set(name, (batch = new Map()))
      batch.delete(key) // re-insert so the batch keeps arrival order
      batch.set(key, item)
      schedule()
    },
    eventChanged(summary: ItemOf<'events.onDidChange'>) {
      this.changed('events.onDidChange', summary.key, summary)
    },
    quarantined(latestItem: LiveEventData<'quarantine.onDidAdd'>['latest']) {
      quarantined = { count: (quarantined?.count ?? 0) + 1, latest: latestItem }
      schedule()
    },
    snapshot<E extends SnapshotEventName>(name: E, data: LiveEventData<E>) {
      snapshots[name] = data as (typeof snapshots)[E]
      schedule()
    },
    /**
     * The health changed. Given a function, it is called once at the next flush, not at every
     * change: after each ingest commit (hundreds a second in a storm) only the last state counts.
     */
    health(h: LiveEventData<'health.onDidChange'> | (() => LiveEventData<'health.onDidChange'>)) {
      if (typeof h === 'function') {
        healthLater = h
        delete snapshots['health.onDidChange']
        schedule()
      } else {
        healthLater = null
        this.snapshot('health.onDidChange', h)
      }
    },
    registry(r: LiveEventData<'registry.onDidChange'>) {
      this.snapshot('registry.onDidChange', r)
    },
    peerCount: () => peers.size,
    stop() {
      if (timer) clearTimeout(timer)
      timer = null
      peers.clear()
    },
  }
}
export type LiveHub = ReturnType<typeof createLiveHub>
