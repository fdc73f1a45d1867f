/**
 * The duty officer's workbench: the queue tabs ("what needs me now") with their counts, the
 * commands the officer issues and where each stands until the platform's ack and new version
 * arrive, the reference data the forms need (units, villages, the time-limit table), one shared
 * clock for every countdown, and the reminder when new events wait too long unaccepted.
 *
 * The operator is never sent from here: the engine takes it from the signed-in session
 * (commands.issue), so there is exactly one place that decides who acted.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import {
  DEFAULT_SLA_SETTINGS,
  type EventSummary,
  type OutboxItem,
  type QueueCounts,
  type QueueFilters,
  type QueueTab,
  type SlaSettingsDoc,
  type ZsRegistry,
} from '../../../electron/contract'
import { engine } from '../api/engine'
import { errorMessage } from '../api/errors'
import { throttle } from '../utils/throttle'
import { useConnectionStore } from './connection'
import { useEventsStore } from './events'
import { commandPhase, type CommandPhase, type EventAction } from './workbenchModel'

export type WorkbenchTab = QueueTab | 'all'
export const QUEUE_PAGE_SIZE = 200
/** The queue and its counts are re-read at most this often while events change. */
export const QUEUE_REFRESH_MS = 1_000
/** And at least this often: time alone moves events into 即将超期 / 已超期. */
export const QUEUE_TICK_MS = 15_000

export interface TrackedCommand {
  commandId: string
  action: EventAction
  eventKey: string
  eventId: string
  /** The event's version the command was based on. */
  baseVersion: number
  item: OutboxItem | null
  /** Set when the call itself failed (the engine refused before the outbox). */
  callError: string | null
}

export const useWorkbenchStore = defineStore('workbench', () => {
  const connection = useConnectionStore()
  const events = useEventsStore()
  let started = false

  // ---------- one clock for every countdown ----------
  const now = ref(Date.now())
  let clockUsers = 0
  let clockTimer: ReturnType<typeof setInterval> | null = null
  /** Starts the shared 1 s clock (while anybody shows a countdown); returns the stop. */
  function useClock(): () => void {
    clockUsers++
    if (!clockTimer) {
      now.value = Date.now()
      clockTimer = setInterval(() => (now.value = Date.now()), 1_000)
    }
    return () => {
      clockUsers = Math.max(0, clockUsers - 1)
      if (clockUsers === 0 && clockTimer) {
        clearInterval(clockTimer)
        clockTimer = null
      }
    }
  }

  // ---------- reference data ----------
  const registry = shallowRef<ZsRegistry | null>(null)
  const sla = shallowRef<SlaSettingsDoc | null>(null)
  const slaSettings = computed(() => sla.value?.settings ?? DEFAULT_SLA_SETTINGS)
  const units = computed(() => registry.value?.units ?? [])
  const townships = computed(() => registry.value?.townships ?? [])
  const villagesOf = (townshipCode: string) =>
    townshipCode ? (registry.value?.villages ?? []).filter((v) => v.townshipCode === townshipCode) : []

  async function loadReference() {
    try {
      const [doc, settings] = await Promise.all([engine().call('registry.get'), engine().call('sla.getSettings')])
      registry.value = doc.registry
      sla.value = settings
    } catch {
      /* retried on the next epoch */
    }
  }

  // ---------- the queue ----------
  const tab = ref<WorkbenchTab>('unaccepted')
  /** Filters only the queue knows (the list's own are in the events store). */
  const queueFilters = reactive({ domain: '', category: '', villageCode: '' })
  const queueRows = shallowRef<EventSummary[]>([])
  const queueNextOffset = ref<number | null>(null)
  const queueLoading = ref(false)
  const queueError = ref<string | null>(null)
  const queueEpoch = ref(-1)
  const counts = shallowRef<QueueCounts | null>(null)
  let queueGeneration = 0
  let active = 0

  function filters(): QueueFilters {
    const f = events.filters
    const out: QueueFilters = {}
    if (f.source) out.source = f.source
    if (f.severity) out.severity = f.severity
    if (f.townshipCode) out.townshipCode = f.townshipCode
    if (f.text.trim()) out.text = f.text.trim()
    if (queueFilters.domain) out.domain = queueFilters.domain as QueueFilters['domain']
    if (queueFilters.category) out.category = queueFilters.category
    if (queueFilters.villageCode && f.townshipCode) out.villageCode = queueFilters.villageCode
    return out
  }

  async function reloadQueue() {
    const current = tab.value
    if (current === 'all') return
    const generation = ++queueGeneration
    const forEpoch = connection.epoch
    queueLoading.value = true
    try {
      // Keep as many rows as the officer had paged in (a live re-read must not shrink the view).
      const limit = Math.min(500, Math.max(QUEUE_PAGE_SIZE, queueRows.value.length))
      const page = await engine().call('events.queue', { ...filters(), tab: current, limit })
      if (generation !== queueGeneration) return
      queueRows.value = page.items
      queueNextOffset.value = page.nextOffset
      queueError.value = null
      queueEpoch.value = forEpoch
    } catch (e) {
      if (generation === queueGeneration) queueError.value = errorMessage(e)
    } finally {
      if (generation === queueGeneration) queueLoading.value = false
    }
  }

  async function loadMoreQueue() {
    const current = tab.value
    if (current === 'all' || queueNextOffset.value === null || queueLoading.value) return
    const generation = queueGeneration
    const page = await engine().call('events.queue', {
      ...filters(),
      tab: current,
      offset: queueNextOffset.value,
      limit: QUEUE_PAGE_SIZE,
    })
    if (generation !== queueGeneration) return
    const seen = new Set(queueRows.value.map((r) => r.key))
    queueRows.value = queueRows.value.concat(page.items.filter((r) => !seen.has(r.key)))
    queueNextOffset.value = page.nextOffset
  }

  async function refreshCounts() {
    try {
      counts.value = await engine().call('events.queueCounts', filters())
    } catch {
      /* the next change or tick tries again */
    }
  }

  const refreshSoon = throttle(() => {
    if (active === 0) return
    void refreshCounts()
    void reloadQueue()
  }, QUEUE_REFRESH_MS)

  const queueReady = computed(() => tab.value === 'all' || queueEpoch.value === connection.epoch)

  let tickTimer: ReturnType<typeof setInterval> | null = null
  /** Shows the workbench: queue, counts and the clock run while it is on screen. */
  function activate(): () => void {
    start()
    active++
    if (active === 1) {
      tickTimer = setInterval(refreshSoon, QUEUE_TICK_MS)
      if (connection.isOpen) {
        void refreshCounts()
        void reloadQueue()
        if (!registry.value || !sla.value) void loadReference()
      }
    }
    const stopClock = useClock()
    return () => {
      stopClock()
      active = Math.max(0, active - 1)
      if (active === 0) {
        if (tickTimer) clearInterval(tickTimer)
        tickTimer = null
        queueEpoch.value = -1
      }
    }
  }

  watch(tab, () => {
    queueRows.value = []
    queueNextOffset.value = null
    queueEpoch.value = -1
    if (active > 0) void reloadQueue()
  })
  watch(
    () => [JSON.stringify(events.filters), JSON.stringify(queueFilters)],
    () => {
      if (active === 0) return
      void refreshCounts()
      void reloadQueue()
    },
  )

  // ---------- commands ----------
  /** The latest version seen per event key (live batches, the detail), to know when a result arrived. */
  const seenVersion = new Map<string, number>()
  const tracked = reactive(new Map<string, TrackedCommand>())
  /** The last refusal per event key, kept until the officer acts on that event again. */
  const refusals = reactive(new Map<string, { action: EventAction; code: string; message: string }>())
  const versionTick = ref(0)

  /**
   * The newest version seen of an event with a command in flight. Only those: a workstation open
   * all day sees every event of the county go by (a storm brings hundreds of thousands), and
   * nothing else needs their versions here.
   */
  function noteVersion(key: string, version: number) {
    if (!tracked.has(key)) return
    if ((seenVersion.get(key) ?? 0) < version) {
      seenVersion.set(key, version)
      versionTick.value++
    }
  }

  function phaseOf(key: string): CommandPhase | null {
    void versionTick.value
    const c = tracked.get(key)
    if (!c) return null
    if (c.callError) return 'failed'
    if (!c.item) return 'sending'
    return commandPhase(c.item, seenVersion.get(key) ?? c.baseVersion)
  }

  /** Commands still on their way (for the status of rows and the detail). */
  const inFlight = computed(() => {
    void versionTick.value
    return [...tracked.values()].filter((c) => {
      const p = phaseOf(c.eventKey)
      return p !== 'done' && p !== 'failed'
    })
  })

  /** Issues one command; resolves when the engine has it in the outbox (not when the platform answered). */
  async function issue(e: EventSummary, action: EventAction, params: Record<string, unknown>): Promise<boolean> {
    refusals.delete(e.key)
    const entry: TrackedCommand = {
      commandId: '',
      action,
      eventKey: e.key,
      eventId: e.id,
      baseVersion: e.version,
      item: null,
      callError: null,
    }
    tracked.set(e.key, entry)
    noteVersion(e.key, e.version)
    try {
      const item = await engine().call('commands.issue', {
        target: {
          type: 'event',
          id: e.id,
          baseVersion: e.version,
          ...(e.drillRunId ? { drillRunId: e.drillRunId } : {}),
        },
        action,
        params,
      })
      const current = tracked.get(e.key)
      if (current) {
        current.commandId = item.commandId
        // An outbox change may have arrived before the reply: keep the furthest state.
        if (!current.item || rank(item) > rank(current.item)) current.item = item
      }
      return true
    } catch (err) {
      const current = tracked.get(e.key)
      if (current) current.callError = errorMessage(err)
      return false
    }
  }

  const rank = (i: OutboxItem) => ({ pending: 0, sent: 1, acknowledged: 2, failed: 2 })[i.state]

  function onOutbox(items: OutboxItem[]) {
    for (const item of items) {
      const entry = [...tracked.values()].find((c) => c.commandId === item.commandId)
      if (!entry) continue
      if (!entry.item || rank(item) >= rank(entry.item)) entry.item = item
      if (item.state === 'failed' && item.error) {
        refusals.set(entry.eventKey, { action: entry.action, code: item.error.code, message: item.error.message })
        // The officer acted on a state that is not the platform's: show the latest.
        void events.reloadList()
        events.refreshDetail()
        refreshSoon()
      }
    }
  }

  /** Forgets finished commands (the view keeps the refusal separately). */
  function settle(key: string) {
    const p = phaseOf(key)
    if (p === 'done' || p === 'failed') {
      tracked.delete(key)
      seenVersion.delete(key)
    }
  }

  // ---------- keyboard ----------
  /** A shortcut asked the open event's action bar to run an action (a new object each time). */
  const actionRequest = shallowRef<{ key: string; action: EventAction } | null>(null)
  /** A form is open: shortcuts stay out of its way. */
  const dialogOpen = ref(false)
  function requestAction(key: string, action: EventAction) {
    actionRequest.value = { key, action }
  }

  // ---------- reminders ----------
  const reminder = reactive({ muted: false, lastRungCount: 0, rings: 0 })
  const notificationPermission = ref<NotificationPermission | 'unsupported'>(
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  )
  let audio: AudioContext | null = null
  // A running AudioContext renders silence on its own thread all the time: suspended again once
  // the reminder's tones have played.
  let audioIdle: ReturnType<typeof setTimeout> | null = null

  function beep() {
    try {
      audio ??= new AudioContext()
      if (audio.state === 'suspended') void audio.resume()
      if (audioIdle) clearTimeout(audioIdle)
      audioIdle = setTimeout(() => {
        audioIdle = null
        if (audio?.state === 'running') void audio.suspend().catch(() => {})
      }, 1500)
      const t0 = audio.currentTime
      for (const [i, freq] of [880, 660, 880].entries()) {
        const osc = audio.createOscillator()
        const gain = audio.createGain()
        osc.frequency.value = freq
        gain.gain.setValueAtTime(0.0001, t0 + i * 0.25)
        gain.gain.exponentialRampToValueAtTime(0.2, t0 + i * 0.25 + 0.02)
        gain.gain.exponentialRampToValueAtTime(0.0001, t0 + i * 0.25 + 0.2)
        osc.connect(gain).connect(audio.destination)
        osc.start(t0 + i * 0.25)
        osc.stop(t0 + i * 0.25 + 0.22)
      }
    } catch {
      /* no audio device: the visible reminder remains */
    }
  }

  function ring(count: number, title: string, body: string) {
    reminder.rings++
    if (reminder.muted) return
    beep()
    if (notificationPermission.value === 'granted') {
      try {
        new Notification(title, { body, tag: 'zs-unaccepted', requireInteraction: false })
      } catch {
        /* some platforms only allow notifications from a service worker */
      }
    }
    void count
  }

  async function requestNotifications() {
    if (typeof Notification === 'undefined') return
    notificationPermission.value = await Notification.requestPermission()
  }

  /** Called by the view with its words (i18n), when the counts change. */
  function checkReminder(words: (n: number) => { title: string; body: string }) {
    const n = counts.value?.waitingTooLong ?? 0
    if (n > reminder.lastRungCount) {
      const w = words(n)
      ring(n, w.title, w.body)
    }
    reminder.lastRungCount = n
  }

  // ---------- live ----------
  function start() {
    if (started) return
    started = true
    engine().on('events.onDidChange', (data) => {
      for (const e of data.items) noteVersion(e.key, e.version)
      if (active > 0) refreshSoon()
    })
    engine().on('outbox.onDidChange', (data) => onOutbox(data.items))
    watch(
      () => events.detail,
      (d) => d && noteVersion(d.summary.key, d.summary.version),
    )
    watch(
      () => connection.epoch,
      () => {
        if (active === 0) return
        void loadReference()
        void refreshCounts()
        void reloadQueue()
      },
    )
  }

  return {
    /** How many event versions the store keeps (bounded by the commands in flight). */
    versionsKept: () => seenVersion.size,
    now,
    useClock,
    registry,
    units,
    townships,
    villagesOf,
    sla,
    slaSettings,
    loadReference,
    tab,
    queueFilters,
    queueRows,
    queueNextOffset,
    queueLoading,
    queueError,
    queueReady,
    counts,
    reloadQueue,
    loadMoreQueue,
    refreshCounts,
    activate,
    tracked,
    refusals,
    inFlight,
    phaseOf,
    issue,
    settle,
    actionRequest,
    dialogOpen,
    requestAction,
    reminder,
    notificationPermission,
    requestNotifications,
    checkReminder,
  }
})
