/**
 * The video triage view's state: the grouped list of the current tab (from the engine's
 * `videoAlerts.triage`, reloaded on live changes), the selected alert with its versions, the
 * property-company statistics, and the officer's commands until their ack and the alert's new
 * version have arrived (pending) or the platform refused them (error, explained in Chinese).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type {
  VideoAlertAction,
  VideoAlertDetail,
  VideoAlertSummary,
  VideoCompanyStats,
  VideoTriage,
  VideoTriageView,
} from '../../../electron/contract'
import { CallError } from '../api/client'
import { engine } from '../api/engine'
import { errorMessage } from '../api/errors'
import { throttle } from '../utils/throttle'
import { useConnectionStore } from './connection'
import { settlePending, type PendingCommand } from './videoTriageModel'

export const GROUP_WINDOW_KEY = 'zhongshu.videoGroupWindowMinutes'
export const DEFAULT_GROUP_WINDOW = 30

function storedWindow(): number {
  try {
    const v = Number(window.localStorage.getItem(GROUP_WINDOW_KEY))
    return Number.isInteger(v) && v >= 0 && v <= 1440 && window.localStorage.getItem(GROUP_WINDOW_KEY) !== null
      ? v
      : DEFAULT_GROUP_WINDOW
  } catch {
    return DEFAULT_GROUP_WINDOW
  }
}

/** The id and drill run of an alert key (see contract videoAlertKey). */
export function parseAlertKey(key: string): { id: string; drillRunId: string | null } {
  const parts = key.split('\u0001')
  return parts.length === 3 && parts[0] === 'drill'
    ? { id: parts[2], drillRunId: parts[1] }
    : { id: key, drillRunId: null }
}

export interface CommandFailure {
  action: VideoAlertAction
  code: string
  message: string
}

export const useVideoTriageStore = defineStore('videoTriage', () => {
  const connection = useConnectionStore()
  const view = ref<VideoTriageView>('pending')
  const windowMinutes = ref(storedWindow())
  const triage = shallowRef<VideoTriage | null>(null)
  const selectedKey = ref<string | null>(null)
  const detail = shallowRef<VideoAlertDetail | null>(null)
  const stats = shallowRef<VideoCompanyStats | null>(null)
  const pending = ref<Record<string, PendingCommand>>({})
  const failures = ref<Record<string, CommandFailure>>({})
  const loadError = ref<string | null>(null)
  const loadedEpoch = ref(-1)
  /** The newest summary seen per alert key (live changes, lists, details). */
  const latest = new Map<string, VideoAlertSummary>()
  let active = 0
  let subscribed = false

  const ready = computed(() => loadedEpoch.value === connection.epoch && triage.value !== null)
  const groups = computed(() => triage.value?.groups ?? [])
  const selectedGroup = computed(
    () =>
      groups.value.find((g) => g.latest.key === selectedKey.value || g.memberKeys.includes(selectedKey.value ?? '')) ??
      null,
  )
  const selected = computed(() => detail.value?.summary ?? null)

  function remember(s: VideoAlertSummary) {
    const known = latest.get(s.key)
    if (!known || known.version <= s.version) latest.set(s.key, s)
  }

  async function load() {
    const forEpoch = connection.epoch
    try {
      const t = await engine().call('videoAlerts.triage', { view: view.value, windowMinutes: windowMinutes.value })
      for (const g of t.groups) remember(g.latest)
      triage.value = t
      loadError.value = null
      loadedEpoch.value = forEpoch
      if (!selectedKey.value && t.groups[0]) void select(t.groups[0].latest.key)
    } catch (e) {
      loadError.value = errorMessage(e)
    }
  }
  async function loadStats() {
    try {
      stats.value = await engine().call('videoAlerts.companyStats', {})
    } catch (e) {
      loadError.value = errorMessage(e)
    }
  }
  const reloadSoon = throttle(() => void load(), 400)
  const statsSoon = throttle(() => void loadStats(), 2000)

  async function loadDetail(key: string) {
    const { id, drillRunId } = parseAlertKey(key)
    try {
      const d = await engine().call('videoAlerts.get', { id, drillRunId: drillRunId ?? undefined })
      remember(d.summary)
      if (selectedKey.value === key) detail.value = d
    } catch (e) {
      if (selectedKey.value === key) loadError.value = errorMessage(e)
    }
  }

  async function select(key: string | null) {
    selectedKey.value = key
    if (!key) {
      detail.value = null
      return
    }
    if (detail.value?.summary.key !== key) detail.value = null
    await loadDetail(key)
  }

  function setView(v: VideoTriageView) {
    if (view.value === v) return
    view.value = v
    selectedKey.value = null
    detail.value = null
    void load()
  }

  function setWindow(minutes: number) {
    windowMinutes.value = minutes
    try {
      window.localStorage.setItem(GROUP_WINDOW_KEY, String(minutes))
    } catch {
      /* storage disabled: the choice lasts until reload */
    }
    void load()
  }

  function settle(key: string, item: Parameters<typeof settlePending>[1]) {
    const p = pending.value[key]
    if (!p) return
    const outcome = settlePending(p, item, latest.get(key) ?? null)
    const next = { ...pending.value }
    if (outcome.kind === 'pending') next[key] = outcome.pending
    else delete next[key]
    pending.value = next
    if (outcome.kind === 'failed') {
      failures.value = { ...failures.value, [key]: { action: p.action, code: outcome.code, message: outcome.message } }
      // The platform says the hall's picture is outdated: show the current state.
      reloadSoon()
      if (selectedKey.value === key) void loadDetail(key)
    }
  }

  /**
   * Issues a command on an alert at the version shown. Resolves when the outbox has it (pending
   * from then on); a refusal of the engine (bad params, no right) throws the CallError.
   */
  async function issue(alert: VideoAlertSummary, action: VideoAlertAction, params: Record<string, unknown> = {}) {
    const { [alert.key]: _old, ...rest } = failures.value
    void _old
    failures.value = rest
    const item = await engine().call('commands.issue', {
      target: {
        type: 'video_alert',
        id: alert.id,
        baseVersion: alert.version,
        drillRunId: alert.drillRunId ?? undefined,
      },
      action,
      params,
    })
    pending.value = {
      ...pending.value,
      [alert.key]: { commandId: item.commandId, alertKey: alert.key, action, phase: 'waiting', resultVersion: null },
    }
    settle(alert.key, item)
    return item
  }

  function ensureSubscribed() {
    if (subscribed) return
    subscribed = true
    engine().on('videoAlerts.onDidChange', ({ items }) => {
      for (const s of items) {
        remember(s)
        if (pending.value[s.key]) settle(s.key, null)
        if (s.key === selectedKey.value) void loadDetail(s.key)
      }
      if (active > 0) {
        reloadSoon()
        statsSoon()
      }
    })
    engine().on('outbox.onDidChange', ({ items }) => {
      for (const item of items) {
        if (item.target.type !== 'video_alert') continue
        const entry = Object.values(pending.value).find((p) => p.commandId === item.commandId)
        if (entry) settle(entry.alertKey, item)
      }
    })
    watch(
      () => connection.epoch,
      () => {
        if (active > 0) {
          void load()
          void loadStats()
          if (selectedKey.value) void loadDetail(selectedKey.value)
        }
      },
    )
  }

  function activate(): () => void {
    ensureSubscribed()
    active++
    if (connection.isOpen) {
      void load()
      void loadStats()
    }
    return () => {
      active = Math.max(0, active - 1)
    }
  }

  /** Other members of the selected group still new, for "dismiss the repeats". */
  async function newRepeatsOf(keys: readonly string[]): Promise<VideoAlertSummary[]> {
    const out: VideoAlertSummary[] = []
    for (const key of keys.slice(0, 50)) {
      const { id, drillRunId } = parseAlertKey(key)
      try {
        const d = await engine().call('videoAlerts.get', { id, drillRunId: drillRunId ?? undefined })
        remember(d.summary)
        if (d.summary.status === 'new') out.push(d.summary)
      } catch (e) {
        if (!(e instanceof CallError)) throw e
      }
    }
    return out
  }

  return {
    view,
    windowMinutes,
    triage,
    groups,
    selectedKey,
    selectedGroup,
    selected,
    detail,
    stats,
    pending,
    failures,
    loadError,
    ready,
    activate,
    select,
    setView,
    setWindow,
    issue,
    newRepeatsOf,
    reload: load,
  }
})
