/**
 * Live events to subscribers in batches: changes are coalesced (latest state per key) and
 * flushed at most every `intervalMs` (100 ms → ≤ 10 frames a second per event), never one
 * frame per MQTT message.
 */
import { liveEvents, scopeAllows, type LiveEventData, type LiveEventName, type Scope } from '../../contract'

export interface LivePeer {
  scopes: readonly Scope[]
  subscriptions: Set<string>
  send(name: string, data: unknown): void
}

export function createLiveHub(intervalMs = 100) {
  const peers = new Set<LivePeer>()
  const changedEvents = new Map<string, LiveEventData<'events.onDidChange'>['items'][number]>()
  let latest: Partial<{ [E in LiveEventName]: LiveEventData<E> }> = {}
  let quarantineCount = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  const schedule = () => {
    if (!timer) timer = setTimeout(flush, intervalMs)
  }

  function emit<E extends LiveEventName>(name: E, data: LiveEventData<E>) {
    for (const p of peers) {
      if (p.subscriptions.has(name) && scopeAllows(p.scopes, liveEvents[name].scope)) p.send(name, data)
    }
  }

  function flush() {
    timer = null
    if (changedEvents.size) {
      const items = [...changedEvents.values()]
      changedEvents.clear()
      emit('events.onDidChange', { items })
    }
    const pending = latest
    latest = {}
    if (pending['quarantine.onDidAdd']) {
      emit('quarantine.onDidAdd', { ...pending['quarantine.onDidAdd'], count: quarantineCount })
      quarantineCount = 0
    }
    if (pending['health.onDidChange']) emit('health.onDidChange', pending['health.onDidChange'])
    if (pending['registry.onDidChange']) emit('registry.onDidChange', pending['registry.onDidChange'])
  }

  return {
    add(peer: LivePeer) {
      peers.add(peer)
      return () => peers.delete(peer)
    },
    eventChanged(summary: LiveEventData<'events.onDidChange'>['items'][number]) {
      changedEvents.delete(summary.id) // re-insert so the batch keeps arrival order
      changedEvents.set(summary.id, summary)
      schedule()
    },
    quarantined(latestItem: LiveEventData<'quarantine.onDidAdd'>['latest']) {
      quarantineCount++
      latest['quarantine.onDidAdd'] = { count: quarantineCount, latest: latestItem }
      schedule()
    },
    health(h: LiveEventData<'health.onDidChange'>) {
      latest['health.onDidChange'] = h
      schedule()
    },
    registry(r: LiveEventData<'registry.onDidChange'>) {
      latest['registry.onDidChange'] = r
      schedule()
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
