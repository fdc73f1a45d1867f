/**
 * The hall's alarms as the engine holds them (contract/alarms.ts): the active ones, kept current
 * by `alarms.onDidChange` (raised, acknowledged, expired — on any workstation or wall), and the
 * settings. Walls and workstations both use it; only workstations with `operate` acknowledge.
 *
 * A storm of major events raises an alarm per event that stays active until acknowledged (none
 * expire by default), so the set is bounded like the engine's own list: at most ALARMS_KEPT are
 * kept — the banner's order decides which — and the others are only counted. When kept alarms end
 * while others are only counted, the list is read again from the engine.
 */
import { defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import { bannerAlarm, type Alarm, type AlarmSettings, type AlarmSettingsState } from '../../../electron/contract'
import { engine } from '../api/engine'
import { throttle } from '../utils/throttle'
import { useConnectionStore } from './connection'

/** Active alarms kept at most; as many as the engine lists (`alarms.active`, ACTIVE_LIST_CAP). */
export const ALARMS_KEPT = 500
/** The list is read again at most this often when kept alarms ended and others are only counted. */
export const ALARMS_REFILL_INTERVAL_MS = 1000

export interface ActiveAlarms {
  /** The active alarms kept, by id. */
  readonly kept: ReadonlyMap<number, Alarm>
  /** Active alarms beyond the kept ones (the engine's total minus the kept). */
  readonly unlisted: number
  /**
   * Ids of kept alarms seen ending, the latest ALARMS_KEPT: an end arrives twice on the workstation
   * that acknowledges (its reply and the live push), and must be counted off once.
   */
  readonly ended: readonly number[]
}

export const NO_ALARMS: ActiveAlarms = { kept: new Map(), unlisted: 0, ended: [] }

/** The banner's order (contract bannerAlarm): the most severe first, the newest among equals. */
export const alarmOrder = (a: Alarm, b: Alarm) => b.severity - a.severity || b.id - a.id

/** The active alarms as the engine lists them (`alarms.active`: at most ~500 items, and the total). */
export function activeAlarmsOf(
  list: { items: readonly Alarm[]; total: number },
  before: ActiveAlarms = NO_ALARMS,
  cap = ALARMS_KEPT,
): ActiveAlarms {
  const listed = {
    kept: new Map<number, Alarm>(),
    unlisted: Math.max(0, list.total - list.items.length),
    ended: before.ended,
  }
  return applyAlarmChanges(listed, list.items, cap)
}

/**
 * Applies a batch of changed alarms (latest state per alarm): active ones in, ended ones out; then
 * keeps the `cap` first in the banner's order and counts the rest. An ended alarm that is neither
 * kept nor seen ending before was one of the counted.
 */
export function applyAlarmChanges(state: ActiveAlarms, changed: readonly Alarm[], cap = ALARMS_KEPT): ActiveAlarms {
  const kept = new Map(state.kept)
  let unlisted = state.unlisted
  let ended = state.ended
  for (const a of changed) {
    if (a.state === 'active') kept.set(a.id, a)
    else if (kept.delete(a.id)) ended = [...ended.slice(ended.length >= cap ? 1 : 0), a.id]
    else if (unlisted > 0 && !ended.includes(a.id)) unlisted--
  }
  if (kept.size <= cap) return { kept, unlisted, ended }
  const ranked = [...kept.values()].sort(alarmOrder)
  return {
    kept: new Map(ranked.slice(0, cap).map((a) => [a.id, a])),
    unlisted: unlisted + ranked.length - cap,
    ended,
  }
}

export const useAlarmsStore = defineStore('alarms', () => {
  const connection = useConnectionStore()
  const state = shallowRef<ActiveAlarms>(NO_ALARMS)
  const active = computed(() => state.value.kept)
  const settings = shallowRef<AlarmSettingsState | null>(null)
  const loaded = shallowRef(false)
  let subscribed = false
  let users = 0
  let listing = false
  let listAgain = false

  async function load() {
    try {
      const [list, s] = await Promise.all([engine().call('alarms.active'), engine().call('alarms.getSettings')])
      state.value = activeAlarmsOf(list, state.value)
      settings.value = s
      loaded.value = true
    } catch {
      /* the next epoch tries again */
    }
  }

  /** Reads the active list again (one request at a time; changes meanwhile cause one more). */
  async function reloadActive() {
    if (listing) {
      listAgain = true
      return
    }
    listing = true
    try {
      state.value = activeAlarmsOf(await engine().call('alarms.active'), state.value)
    } catch {
      /* the next change, refill or epoch tries again */
    } finally {
      listing = false
      if (listAgain) {
        listAgain = false
        refillSoon()
      }
    }
  }
  const refillSoon = throttle(() => void reloadActive(), ALARMS_REFILL_INTERVAL_MS)

  function apply(changed: readonly Alarm[]) {
    const next = applyAlarmChanges(state.value, changed)
    state.value = next
    // Kept alarms ended while the engine has others: list them (a storm being acknowledged).
    if (next.unlisted > 0 && next.kept.size < ALARMS_KEPT && users > 0) refillSoon()
  }

  function activate(): () => void {
    users++
    if (!subscribed) {
      subscribed = true
      engine().on('alarms.onDidChange', (data) => apply(data.items))
      engine().on('alarms.onDidChangeSettings', (data) => {
        const latest = data.items.at(-1)
        if (latest && (!settings.value || latest.version >= settings.value.version)) settings.value = latest
      })
      watch(
        () => connection.epoch,
        () => users > 0 && void load(),
      )
    }
    if (connection.isOpen) void load()
    return () => {
      users = Math.max(0, users - 1)
      if (users === 0) refillSoon.cancel()
    }
  }

  const list = computed(() => [...active.value.values()].sort(alarmOrder))
  // Not from `list`: the wall shows only the banner, and a storm changes the alarms on every batch.
  const banner = computed(() => bannerAlarm([...active.value.values()]))
  const count = computed(() => state.value.kept.size + state.value.unlisted)

  async function acknowledge(ids: number[]) {
    const result = await engine().call('alarms.acknowledge', { ids })
    apply(result.items)
    return result.items
  }

  async function saveSettings(next: AlarmSettings) {
    const saved = await engine().call('alarms.setSettings', {
      settings: next,
      baseVersion: settings.value?.version ?? 0,
    })
    settings.value = saved
    return saved
  }

  return { active, list, banner, count, settings, loaded, activate, acknowledge, saveSettings, load }
})
