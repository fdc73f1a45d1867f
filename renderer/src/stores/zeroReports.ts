/**
 * The zero-report board (每日零报告) of one day: every township with its state, from the engine's
 * `zeroReports.list`; reloaded when a report of that day arrives and when the deadline passes.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ZeroReportBoard } from '../../../electron/contract'
import { engine } from '../api/engine'
import { errorMessage } from '../api/errors'
import { hallDate } from '../utils/format'
import { throttle } from '../utils/throttle'
import { useConnectionStore } from './connection'

/** The day before or after YYYY-MM-DD. */
export function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * How a township shows on the board: a missing report is only "missing" (red) once the deadline
 * has passed; before it, it is "waiting".
 */
export function displayState(
  state: ZeroReportBoard['townships'][number]['state'],
  deadlinePassed: boolean,
): 'on_time' | 'late' | 'missing' | 'waiting' {
  return state === 'missing' && !deadlinePassed ? 'waiting' : state
}

export const useZeroReportsStore = defineStore('zeroReports', () => {
  const connection = useConnectionStore()
  const date = ref(hallDate(Date.now()))
  const board = shallowRef<ZeroReportBoard | null>(null)
  const error = ref<string | null>(null)
  const loadedEpoch = ref(-1)
  let active = 0
  let subscribed = false
  let deadlineTimer: ReturnType<typeof setTimeout> | null = null

  const ready = computed(() => loadedEpoch.value === connection.epoch && board.value?.date === date.value)
  const isToday = computed(() => date.value === hallDate(Date.now()))

  async function load() {
    const forEpoch = connection.epoch
    const day = date.value
    try {
      const b = await engine().call('zeroReports.list', { date: day })
      if (day !== date.value) return
      board.value = b
      error.value = null
      loadedEpoch.value = forEpoch
      scheduleDeadline(b)
    } catch (e) {
      error.value = errorMessage(e)
    }
  }
  const reloadSoon = throttle(() => void load(), 500)

  /** Today before the deadline: reload when it passes, so the missing turn red without a click. */
  function scheduleDeadline(b: ZeroReportBoard) {
    if (deadlineTimer) clearTimeout(deadlineTimer)
    deadlineTimer = null
    const wait = Date.parse(b.deadlineAt) - Date.now()
    if (!b.deadlinePassed && wait > 0 && wait < 86_400_000 && active > 0) {
      deadlineTimer = setTimeout(() => void load(), wait + 1000)
    }
  }

  function setDate(d: string) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || d === date.value) return
    date.value = d
    void load()
  }

  function ensureSubscribed() {
    if (subscribed) return
    subscribed = true
    engine().on('zeroReports.onDidChange', ({ items }) => {
      if (active > 0 && items.some((r) => r.date === date.value && !r.drill)) reloadSoon()
    })
    watch(
      () => connection.epoch,
      () => {
        if (active > 0) void load()
      },
    )
  }

  function activate(): () => void {
    ensureSubscribed()
    active++
    if (connection.isOpen) void load()
    return () => {
      active = Math.max(0, active - 1)
      if (active === 0 && deadlineTimer) clearTimeout(deadlineTimer)
    }
  }

  return { date, board, error, ready, isToday, activate, setDate, reload: load }
})
