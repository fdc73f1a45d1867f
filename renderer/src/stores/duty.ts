/**
 * What every workstation shows of the duty: the current shift with its roster (header badge) and
 * the items the last handover carried over (workstation panel), kept fresh when the states they
 * depend on change (events, alerts, outbox, zero reports arrive as live batches).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CarriedOver, MethodResult } from '../../../electron/contract'
import { engine } from '../api/engine'
import { useAuthStore } from './auth'

/** Refetch at most this often when live batches keep coming. */
const REFRESH_MS = 1000
/** The shift turns over on its own: refetch the shift now and then. */
const SHIFT_POLL_MS = 60_000

export const useDutyStore = defineStore('duty', () => {
  const auth = useAuthStore()
  const carried = shallowRef<CarriedOver | null>(null)
  const shift = shallowRef<MethodResult<'shifts.current'> | null>(null)
  const error = ref('')

  async function loadCarried() {
    try {
      carried.value = await engine().call('handover.carriedOver', {})
      error.value = ''
    } catch (e) {
      auth.noticeError(e)
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  async function loadShift() {
    try {
      shift.value = await engine().call('shifts.current', {})
    } catch (e) {
      auth.noticeError(e)
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  function scheduleCarried() {
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      void loadCarried()
    }, REFRESH_MS)
  }

  let subscribed = false
  function subscribe() {
    if (subscribed) return
    subscribed = true
    // Only while something is pending: a dealt-with list does not change with the states.
    const onChange = () => {
      if (carried.value?.pending) scheduleCarried()
    }
    engine().on('events.onDidChange', onChange)
    engine().on('videoAlerts.onDidChange', onChange)
    engine().on('outbox.onDidChange', onChange)
    engine().on('zeroReports.onDidChange', onChange)
    setInterval(() => void loadShift(), SHIFT_POLL_MS)
  }

  async function markDone(key: string, note: string) {
    const handoverId = carried.value?.handover?.id
    if (!handoverId) return
    await engine().call('handover.markDone', { handoverId, key, note })
    await loadCarried()
  }

  async function setRoster(members: { username: string; duty: 'lead' | 'officer' }[]) {
    await engine().call('shifts.setRoster', { members })
    await loadShift()
  }

  const candidates = () => engine().call('shifts.candidates', {})

  // ---------- administrators: integrity check, backups ----------
  const integrity = (run = false) => engine().call('dutyLog.integrity', run ? { run: true } : {})
  const backupStatus = () => engine().call('backup.status', {})
  const runBackup = () => engine().call('backup.run', {})

  /** Stores a file to attach to an entry (checked by the engine: size, type from its bytes). */
  const uploadAttachment = (name: string, base64: string) => engine().call('dutyLog.upload', { name, base64 })

  return {
    carried,
    shift,
    error,
    loadCarried,
    loadShift,
    subscribe,
    markDone,
    setRoster,
    candidates,
    integrity,
    backupStatus,
    runBackup,
    uploadAttachment,
  }
})
