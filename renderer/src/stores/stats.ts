/**
 * KPIs and breakdowns (`stats.overview`) for the wall. Re-fetched when events change, at most
 * ~4 times a second, and once a minute anyway (the hour buckets roll over without new events).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { StatsOverview } from '../../../electron/contract'
import { engine } from '../api/engine'
import { throttle } from '../utils/throttle'
import { useConnectionStore } from './connection'

export const STATS_MIN_INTERVAL_MS = 250
const PERIODIC_REFRESH_MS = 60_000

export const useStatsStore = defineStore('stats', () => {
  const connection = useConnectionStore()
  const overview = shallowRef<StatsOverview | null>(null)
  const loadedEpoch = ref(-1)
  const ready = computed(() => loadedEpoch.value === connection.epoch)
  let active = 0
  let subscribed = false
  let inFlight = false
  let again = false
  let periodic: ReturnType<typeof setInterval> | null = null

  async function fetchNow() {
    // One request at a time; changes during a request cause exactly one more.
    if (inFlight) {
      again = true
      return
    }
    inFlight = true
    const forEpoch = connection.epoch
    try {
      overview.value = await engine().call('stats.overview')
      loadedEpoch.value = forEpoch
    } catch {
      /* retried on the next change or epoch */
    } finally {
      inFlight = false
      if (again) {
        again = false
        refresh()
      }
    }
  }

  const refresh = throttle(() => void fetchNow(), STATS_MIN_INTERVAL_MS)

  function ensureSubscribed() {
    if (subscribed) return
    subscribed = true
    engine().on('events.onDidChange', () => {
      if (active > 0) refresh()
    })
    watch(
      () => connection.epoch,
      () => {
        if (active > 0) refresh()
      },
    )
  }

  function activate(): () => void {
    ensureSubscribed()
    active++
    if (connection.isOpen) refresh()
    if (!periodic) periodic = setInterval(() => connection.isOpen && refresh(), PERIODIC_REFRESH_MS)
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

  return { overview, ready, activate, refresh }
})
