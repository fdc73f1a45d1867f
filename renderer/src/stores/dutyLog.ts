/**
 * The duty log (值班日志) as the workstation shows it: the current shift with its roster and
 * remaining time, the entries (newest first, filtered), writing and correcting entries.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { DutyEntry, DutyEntryType, Handover, MethodParams, MethodResult } from '../../../electron/contract'
import { engine } from '../api/engine'
import { useAuthStore } from './auth'
import { saveBase64File } from './reports'

export interface DutyLogFilters {
  text: string
  type: DutyEntryType | ''
  shift: string
}

export const useDutyLogStore = defineStore('dutyLog', () => {
  const auth = useAuthStore()
  const entries = shallowRef<DutyEntry[]>([])
  const nextCursor = ref<number | null>(null)
  const current = shallowRef<MethodResult<'shifts.current'> | null>(null)
  const filters = reactive<DutyLogFilters>({ text: '', type: '', shift: '' })
  const handovers = shallowRef<Handover[]>([])
  const loadedOnce = ref(false)
  const error = ref('')

  const params = computed(() => ({
    limit: 100,
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.shift ? { shift: filters.shift } : {}),
  }))

  async function load() {
    try {
      const [list, shift, signed] = await Promise.all([
        engine().call('dutyLog.list', params.value),
        engine().call('shifts.current', {}),
        engine().call('handover.list', {}),
      ])
      handovers.value = signed.items
      entries.value = list.items
      nextCursor.value = list.nextCursor
      current.value = shift
      error.value = ''
    } catch (e) {
      auth.noticeError(e)
      error.value = e instanceof Error ? e.message : String(e)
    }
    loadedOnce.value = true
  }

  async function more() {
    if (nextCursor.value === null) return
    const page = await engine().call('dutyLog.list', { ...params.value, cursor: nextCursor.value })
    entries.value = [...entries.value, ...page.items]
    nextCursor.value = page.nextCursor
  }

  async function add(input: MethodParams<'dutyLog.add'>) {
    const entry = await engine().call('dutyLog.add', input)
    await load()
    return entry
  }

  async function correct(entryId: string, reason: string) {
    const entry = await engine().call('dutyLog.correct', { entryId, reason })
    entries.value = entries.value.map((e) => (e.id === entry.id ? entry : e))
    return entry
  }

  /** The lead starts the handover: the open items as the engine collects them now. */
  const prepareHandover = () => engine().call('handover.prepare', {})

  async function signHandover(p: MethodParams<'handover.sign'>) {
    const signed = await engine().call('handover.sign', p)
    await load()
    return signed
  }

  /** Saves a signed handover as PDF. */
  async function exportHandover(id: string) {
    saveBase64File(await engine().call('handover.export', { id }))
  }

  /** Saves the log of the filtered shift (default the current one) as xlsx. */
  async function exportShift() {
    const shift = filters.shift || current.value?.shift.key
    saveBase64File(await engine().call('dutyLog.export', shift ? { shift } : {}))
  }

  return {
    exportHandover,
    exportShift,
    entries,
    nextCursor,
    current,
    handovers,
    filters,
    loadedOnce,
    error,
    load,
    more,
    add,
    correct,
    prepareHandover,
    signHandover,
  }
})
