/**
 * The hall's alarms as the engine holds them (contract/alarms.ts): the active ones, kept current
 * by `alarms.onDidChange` (raised, acknowledged, expired — on any workstation or wall), and the
 * settings. Walls and workstations both use it; only workstations with `operate` acknowledge.
 */
import { defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import { bannerAlarm, type Alarm, type AlarmSettings, type AlarmSettingsState } from '../../../electron/contract'
import { engine } from '../api/engine'
import { useConnectionStore } from './connection'

/** Applies a batch of changed alarms to the active set (by id): active ones in, ended ones out. */
export function applyAlarmChanges(active: ReadonlyMap<number, Alarm>, changed: readonly Alarm[]): Map<number, Alarm> {
  const next = new Map(active)
  for (const a of changed) {
    if (a.state === 'active') next.set(a.id, a)
    else next.delete(a.id)
  }
  return next
}

export const useAlarmsStore = defineStore('alarms', () => {
  const connection = useConnectionStore()
  const active = shallowRef<Map<number, Alarm>>(new Map())
  /** Active alarms the engine has beyond the ones listed (a storm of major events). */
  const unlisted = shallowRef(0)
  const settings = shallowRef<AlarmSettingsState | null>(null)
  const loaded = shallowRef(false)
  let subscribed = false
  let users = 0

  async function load() {
    try {
      const [list, s] = await Promise.all([engine().call('alarms.active'), engine().call('alarms.getSettings')])
      active.value = new Map(list.items.map((a) => [a.id, a]))
      unlisted.value = Math.max(0, list.total - list.items.length)
      settings.value = s
      loaded.value = true
    } catch {
      /* the next epoch tries again */
    }
  }

  function activate(): () => void {
    users++
    if (!subscribed) {
      subscribed = true
      engine().on('alarms.onDidChange', (data) => {
        active.value = applyAlarmChanges(active.value, data.items)
      })
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
    }
  }

  const list = computed(() => [...active.value.values()].sort((a, b) => b.severity - a.severity || b.id - a.id))
  const banner = computed(() => bannerAlarm(list.value))
  const count = computed(() => active.value.size + unlisted.value)

  async function acknowledge(ids: number[]) {
    const result = await engine().call('alarms.acknowledge', { ids })
    active.value = applyAlarmChanges(active.value, result.items)
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
