/**
 * Supervision reports (一周一督办、一月一通报): the weekly supervision list and the monthly report
 * per unit from the engine, and their export (the engine builds the file; the page saves it).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { DEFAULT_RECEIPT_LIMIT_HOURS, type MonthlyUnitReport, type WeeklySupervision } from '../../../electron/contract'
import { engine } from '../api/engine'
import { errorMessage } from '../api/errors'
import { hallDate } from '../utils/format'
import { useConnectionStore } from './connection'

/** Saves a base64 file through a blob: link (no navigation, nothing rendered from it). */
export function saveBase64File(file: { filename: string; mime: string; base64: string }) {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

const RECEIPT_LIMIT_KEY = 'zhongshu.reports.receiptLimitHours'
/** The accepted-in-time limit the engine accepts (hours): a quarter hour to three days. */
export const RECEIPT_LIMIT_RANGE = { min: 0.25, max: 72 } as const

/** The stored limit if it is a valid number of hours, else the default (2 h). */
export function storedReceiptLimit(raw: string | null): number {
  const n = raw === null ? Number.NaN : Number(raw)
  return Number.isFinite(n) && n >= RECEIPT_LIMIT_RANGE.min && n <= RECEIPT_LIMIT_RANGE.max
    ? n
    : DEFAULT_RECEIPT_LIMIT_HOURS
}

export const useReportsStore = defineStore('reports', () => {
  const connection = useConnectionStore()
  const weekDate = ref(hallDate(Date.now()))
  const month = ref(hallDate(Date.now()).slice(0, 7))
  const weekly = shallowRef<WeeklySupervision | null>(null)
  const monthly = shallowRef<MonthlyUnitReport | null>(null)
  // 签收 within this many hours counts as accepted in time; kept per workstation.
  const receiptLimitHours = ref(storedReceiptLimit(localStorage.getItem(RECEIPT_LIMIT_KEY)))
  const error = ref<string | null>(null)
  const exporting = ref<string | null>(null)
  const loadedEpoch = ref(-1)
  let active = 0
  let watching = false

  const ready = computed(() => loadedEpoch.value === connection.epoch && !!weekly.value && !!monthly.value)

  async function load() {
    const forEpoch = connection.epoch
    try {
      const [w, m] = await Promise.all([
        engine().call('reports.weeklySupervision', { date: weekDate.value }),
        engine().call('reports.monthlyUnits', { month: month.value, receiptLimitHours: receiptLimitHours.value }),
      ])
      weekly.value = w
      monthly.value = m
      error.value = null
      loadedEpoch.value = forEpoch
    } catch (e) {
      error.value = errorMessage(e)
    }
  }

  async function exportFile(kind: 'weekly' | 'monthly', format: 'xlsx' | 'pdf') {
    exporting.value = `${kind}-${format}`
    try {
      const file = await engine().call('reports.export', {
        kind,
        format,
        date: weekDate.value,
        month: month.value,
        receiptLimitHours: receiptLimitHours.value,
      })
      saveBase64File(file)
      error.value = null
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      exporting.value = null
    }
  }

  function setWeek(d: string) {
    weekDate.value = d
    void load()
  }
  function setMonth(m: string) {
    month.value = m
    void load()
  }

  function setReceiptLimit(hours: number | null | undefined) {
    const h = storedReceiptLimit(hours === null || hours === undefined ? null : String(hours))
    receiptLimitHours.value = h
    localStorage.setItem(RECEIPT_LIMIT_KEY, String(h))
    void load()
  }

  function activate(): () => void {
    active++
    if (!watching) {
      watching = true
      watch(
        () => connection.epoch,
        () => {
          if (active > 0) void load()
        },
      )
    }
    if (connection.isOpen) void load()
    return () => {
      active = Math.max(0, active - 1)
    }
  }

  return {
    weekDate,
    month,
    weekly,
    monthly,
    receiptLimitHours,
    error,
    exporting,
    ready,
    activate,
    exportFile,
    setWeek,
    setMonth,
    setReceiptLimit,
  }
})
