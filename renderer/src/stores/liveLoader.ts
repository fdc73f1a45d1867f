/**
 * A view's data that follows the engine live: loaded when a view activates it, reloaded when
 * one of the named live events arrives or the connection comes back (a new epoch), at most every
 * `minIntervalMs`, and every `periodicMs` anyway (hour buckets roll over without new events).
 * One request at a time: changes during a request cause exactly one more. `ready` is true once
 * data of the current connection epoch is in. Used by the wall's statistics stores.
 */
import { computed, ref, watch } from 'vue'
import type { LiveEventName } from '../../../electron/contract'
import { engine } from '../api/engine'
import { throttle } from '../utils/throttle'
import { useConnectionStore } from './connection'

export interface LiveLoaderOptions {
  /** Fetches and stores the data; throws to leave the previous data and retry on the next trigger. */
  load: () => Promise<void>
  events: readonly LiveEventName[]
  minIntervalMs: number
  periodicMs: number
}

export function createLiveLoader(opts: LiveLoaderOptions) {
  const connection = useConnectionStore()
  const loadedEpoch = ref(-1)
  const ready = computed(() => loadedEpoch.value === connection.epoch)
  let active = 0
  let subscribed = false
  let inFlight = false
  let again = false
  let periodic: ReturnType<typeof setInterval> | null = null

  async function fetchNow() {
    if (inFlight) {
      again = true
      return
    }
    inFlight = true
    const forEpoch = connection.epoch
    try {
      await opts.load()
      loadedEpoch.value = forEpoch
    } catch {
      /* retried on the next change, the next period or the next epoch */
    } finally {
      inFlight = false
      if (again) {
        again = false
        refresh()
      }
    }
  }

  const refresh = throttle(() => void fetchNow(), opts.minIntervalMs)

  function ensureSubscribed() {
    if (subscribed) return
    subscribed = true
    const onChange = () => {
      if (active > 0) refresh()
    }
    for (const name of opts.events) engine().on(name, onChange)
    watch(() => connection.epoch, onChange)
  }

  /** Starts following; the returned function stops (when the last view deactivates). */
  function activate(): () => void {
    ensureSubscribed()
    active++
    if (connection.isOpen) refresh()
    if (!periodic) periodic = setInterval(() => connection.isOpen && refresh(), opts.periodicMs)
    return () => {
      active = Math.max(0, active - 1)
      if (active === 0) {
        loadedEpoch.value = -1
        refresh.cancel()
        if (periodic) clearInterval(periodic)
        periodic = null
      }
    }
  }

  return { ready, activate, refresh }
}
