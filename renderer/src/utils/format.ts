/** Time and number formatting for the hall: every time is shown in Asia/Shanghai. */

export const HALL_TIME_ZONE = 'Asia/Shanghai'

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: HALL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

const weekdayFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: HALL_TIME_ZONE, weekday: 'long' })

interface Parts {
  year: string
  month: string
  day: string
  hour: string
  minute: string
  second: string
}

function parts(date: Date): Parts {
  const out: Record<string, string> = {}
  for (const p of dateTimeFormat.formatToParts(date)) out[p.type] = p.value
  return {
    year: out.year ?? '',
    month: out.month ?? '',
    day: out.day ?? '',
    // Some ICU versions print midnight as 24 even with h23; normalise.
    hour: out.hour === '24' ? '00' : (out.hour ?? ''),
    minute: out.minute ?? '',
    second: out.second ?? '',
  }
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

const dateTimeCache = new Map<string, string>()

/** 2026-11-27 09:20:31 (Asia/Shanghai); '—' for missing or invalid input. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  // The live list formats the same timestamps on every render: remember ISO strings.
  if (typeof value === 'string') {
    const hit = dateTimeCache.get(value)
    if (hit !== undefined) return hit
  }
  const d = toDate(value)
  if (!d) return '—'
  const p = parts(d)
  const text = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
  if (typeof value === 'string') {
    if (dateTimeCache.size > 10_000) dateTimeCache.clear()
    dateTimeCache.set(value, text)
  }
  return text
}

/** 11-27 09:20 — compact, for dense tables. */
export function formatShortDateTime(value: string | number | Date | null | undefined): string {
  const d = toDate(value)
  if (!d) return '—'
  const p = parts(d)
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** 09:20:31 */
export function formatTime(value: string | number | Date | null | undefined): string {
  const d = toDate(value)
  if (!d) return '—'
  const p = parts(d)
  return `${p.hour}:${p.minute}:${p.second}`
}

/** 09 (hour of day in Asia/Shanghai) */
export function formatHour(value: string | number | Date | null | undefined): string {
  const d = toDate(value)
  if (!d) return '—'
  return parts(d).hour
}

/** 2026年11月27日 */
export function formatLongDate(value: Date): string {
  const p = parts(value)
  return `${p.year}年${p.month}月${p.day}日`
}

/** 星期五 */
export function formatWeekday(value: Date): string {
  return weekdayFormat.format(value)
}

/** The local calendar date in the hall's zone, e.g. 2026-11-27 (for "today" comparisons). */
export function hallDate(value: string | number | Date): string {
  const d = toDate(value)
  if (!d) return ''
  const p = parts(d)
  return `${p.year}-${p.month}-${p.day}`
}

const integerFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

/** 12,345 */
export function formatCount(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? integerFormat.format(n) : '—'
}

/** 1.2 KiB etc. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}
