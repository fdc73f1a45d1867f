/**
 * KPIs and breakdowns (`stats.overview`) for the wall. Re-fetched when events change, at most
 * ~4 times a second, and once a minute anyway (the hour buckets roll over without new events).
 */
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { StatsOverview } from '../../../electron/contract'
import { engine } from '../api/engine'
import { createLiveLoader } from './liveLoader'

export const STATS_MIN_INTERVAL_MS = 250
const PERIODIC_REFRESH_MS = 60_000

export const useStatsStore = defineStore('stats', () => {
  const overview = shallowRef<StatsOverview | null>(null)
  const { ready, activate, refresh } = createLiveLoader({
    load: async () => {
      overview.value = await engine().call('stats.overview')
    },
    events: ['events.onDidChange'],
    minIntervalMs: STATS_MIN_INTERVAL_MS,
    periodicMs: PERIODIC_REFRESH_MS,
  })
  return { overview, ready, activate, refresh }
})
