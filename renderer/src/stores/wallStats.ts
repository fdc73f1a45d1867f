/**
 * The wall's statistics (`stats.kpis`, `stats.hourly`, … see docs/statistics.md) and its newest
 * video alerts. Re-fetched together when events, alerts, zero reports or the registry change —
 * at most once a second (the figures do not need more; charts update at most ~4 times a second)
 * — on reconnect, and every 30 s anyway (the clock moves hours, days and deadlines).
 * One request round at a time; changes during a round cause exactly one more.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  StatsBreakdown,
  StatsGoals,
  StatsGrids,
  StatsHourly,
  StatsKpis,
  StatsPlaces,
  StatsPropertyCompanies,
  StatsUnits,
  VideoAlertSummary,
} from '../../../electron/contract'
import { engine } from '../api/engine'
import { boxesOf } from './videoTriageModel'
import { createLiveLoader } from './liveLoader'

export const WALL_STATS_MIN_INTERVAL_MS = 1000
const PERIODIC_REFRESH_MS = 30_000
export const WALL_VIDEO_ALERTS = 6

export type AlertBox = ReturnType<typeof boxesOf>[number]

export interface WallStats {
  kpis: StatsKpis
  hourly: StatsHourly
  breakdown: StatsBreakdown
  townships: StatsPlaces
  grids: StatsGrids
  units: StatsUnits
  companies: StatsPropertyCompanies
  goals: StatsGoals
  videoAlerts: VideoAlertSummary[]
}

export const useWallStatsStore = defineStore('wallStats', () => {
  const stats = shallowRef<WallStats | null>(null)
  /** The villages of the township drilled into (workstations), or null. */
  const villages = shallowRef<StatsPlaces | null>(null)
  const drillTownship = ref<string | null>(null)
  /** Detection boxes of the shown alerts, by alert key (they are in the alert's payload, not its summary). */
  const alertBoxes = shallowRef<ReadonlyMap<string, AlertBox[]>>(new Map())
  const boxCache = new Map<string, { version: number; boxes: AlertBox[] }>()
  const loader = createLiveLoader({
    load,
    events: ['events.onDidChange', 'videoAlerts.onDidChange', 'zeroReports.onDidChange', 'registry.onDidChange'],
    minIntervalMs: WALL_STATS_MIN_INTERVAL_MS,
    periodicMs: PERIODIC_REFRESH_MS,
  })
  const ready = computed(() => loader.ready.value && stats.value !== null)
  const { activate, refresh } = loader

  async function load() {
    const e = engine()
    const township = drillTownship.value
    const [kpis, hourly, breakdown, townships, grids, units, companies, goals, alerts, drill] = await Promise.all([
      e.call('stats.kpis'),
      e.call('stats.hourly'),
      e.call('stats.breakdown'),
      e.call('stats.places'),
      e.call('stats.grids'),
      e.call('stats.units'),
      e.call('stats.propertyCompanies'),
      e.call('stats.goals'),
      e.call('videoAlerts.list', { drill: 'exclude', limit: WALL_VIDEO_ALERTS }),
      township ? e.call('stats.places', { townshipCode: township }) : Promise.resolve(null),
    ])
    await loadBoxes(alerts.items)
    stats.value = { kpis, hourly, breakdown, townships, grids, units, companies, goals, videoAlerts: alerts.items }
    if (drillTownship.value === township) villages.value = drill
  }

  async function loadBoxes(alerts: VideoAlertSummary[]) {
    const missing = alerts.filter((a) => a.boxCount > 0 && boxCache.get(a.key)?.version !== a.version)
    const details = await Promise.all(
      missing.map((a) =>
        engine()
          .call('videoAlerts.get', { id: a.id, drillRunId: a.drillRunId ?? undefined })
          .then(
            (d) => [a, boxesOf(d.current)] as const,
            () => [a, [] as AlertBox[]] as const,
          ),
      ),
    )
    for (const [a, boxes] of details) boxCache.set(a.key, { version: a.version, boxes })
    const shown = new Set(alerts.map((a) => a.key))
    for (const key of boxCache.keys()) if (!shown.has(key)) boxCache.delete(key)
    alertBoxes.value = new Map([...boxCache].map(([k, v]) => [k, v.boxes]))
  }

  /** Drills the township ranking down to the villages of one township (null: back to townships). */
  async function drillInto(townshipCode: string | null) {
    drillTownship.value = townshipCode
    villages.value = null
    if (!townshipCode) return
    try {
      const result = await engine().call('stats.places', { townshipCode })
      if (drillTownship.value === townshipCode) villages.value = result
    } catch {
      /* shown as no data; the next refresh tries again */
    }
  }

  return { stats, villages, drillTownship, alertBoxes, ready, activate, refresh, drillInto }
})
