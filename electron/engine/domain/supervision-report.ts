/**
 * 一周一督办、一月一通报: the weekly supervision list and the monthly report per unit, from each
 * event's trace (every version received). Pure: traces and the period in, the report out.
 *
 * A dispatch episode starts at a version that moves the event to `dispatched` (to the unit in its
 * `assignee`) and ends at the next dispatch; a version that stays dispatched to the same unit
 * (督办, a comment) continues it. Within it: the unit's receipt is the first `in_progress` or `returned`
 * version, the resolution the first `resolved` one, the deadline the dispatch's.
 */
import type { SupervisionItem, UnitMonthRow } from '../../contract'
import { toHallIso } from './time'

export interface TraceVersion {
  version: number
  status: string
  unitId: string | null
  unitName: string | null
  deadlineMs: number | null
  /** When the platform says this version happened (updatedAt), epoch ms. */
  atMs: number
  satisfaction: string | null
  supervisionLevel: number | null
}

export interface EventTrace {
  id: string
  title: string
  township: string | null
  /** Ordered by version. */
  versions: TraceVersion[]
}

export interface DispatchEpisode {
  eventId: string
  unitId: string | null
  unitName: string | null
  dispatchedMs: number
  deadlineMs: number | null
  receiptMs: number | null
  resolvedMs: number | null
  /** The satisfaction of a return visit after this episode's resolution (the last one). */
  satisfaction: string | null
}

export function dispatchEpisodes(trace: EventTrace): DispatchEpisode[] {
  const out: DispatchEpisode[] = []
  let current: DispatchEpisode | null = null
  let previous: TraceVersion | null = null
  for (const v of trace.versions) {
    // A version that stays `dispatched` to the same unit (督办, a comment) is not a new dispatch.
    const redispatch = v.status === 'dispatched' && !(previous?.status === 'dispatched' && previous.unitId === v.unitId)
    previous = v
    if (v.status === 'dispatched' && !redispatch) continue
    if (redispatch) {
      current = {
        eventId: trace.id,
        unitId: v.unitId,
        unitName: v.unitName,
        dispatchedMs: v.atMs,
        deadlineMs: v.deadlineMs,
        receiptMs: null,
        resolvedMs: null,
        satisfaction: null,
      }
      out.push(current)
      continue
    }
    if (!current) continue
    if ((v.status === 'in_progress' || v.status === 'returned') && current.receiptMs === null)
      current.receiptMs = v.atMs
    if (v.status === 'resolved' && current.resolvedMs === null) current.resolvedMs = v.atMs
    if (v.satisfaction && current.resolvedMs !== null) current.satisfaction = v.satisfaction
  }
  return out
}

type Totals = Omit<UnitMonthRow, 'unitId' | 'unitName'>
const zero = (): Totals => ({
  received: 0,
  acceptedInTime: 0,
  resolvedInTime: 0,
  overdue: 0,
  visited: 0,
  satisfied: 0,
  satisfactionRate: null,
})

function count(t: Totals, e: DispatchEpisode, receiptLimitMs: number, asOfMs: number): void {
  t.received++
  if (e.receiptMs !== null && e.receiptMs - e.dispatchedMs <= receiptLimitMs) t.acceptedInTime++
  if (e.deadlineMs !== null) {
    if (e.resolvedMs !== null && e.resolvedMs <= e.deadlineMs) t.resolvedInTime++
    else if ((e.resolvedMs ?? asOfMs) > e.deadlineMs) t.overdue++
  } else if (e.resolvedMs !== null) t.resolvedInTime++
  if (e.satisfaction) {
    t.visited++
    if (e.satisfaction === 'satisfied' || e.satisfaction === 'basically_satisfied') t.satisfied++
  }
}

const rate = (t: Totals): Totals => ({
  ...t,
  satisfactionRate: t.visited ? Math.round((t.satisfied / t.visited) * 1000) / 10 : null,
})

/** The monthly report: every episode dispatched in [fromMs, toMs), per unit (most received first). */
export function monthlyUnitRows(
  traces: readonly EventTrace[],
  period: { fromMs: number; toMs: number; nowMs: number; receiptLimitHours: number },
): { rows: UnitMonthRow[]; totals: Totals } {
  const limit = period.receiptLimitHours * 3_600_000
  // Overdue is judged at the month's end, or now for the running month.
  const asOf = Math.min(period.toMs, period.nowMs)
  const byUnit = new Map<string, { unitId: string | null; unitName: string | null; t: Totals }>()
  const all = zero()
  for (const trace of traces) {
    for (const e of dispatchEpisodes(trace)) {
      if (e.dispatchedMs < period.fromMs || e.dispatchedMs >= period.toMs) continue
      const key = e.unitId ?? `\u0001${e.unitName ?? ''}`
      let entry = byUnit.get(key)
      if (!entry) byUnit.set(key, (entry = { unitId: e.unitId, unitName: e.unitName, t: zero() }))
      if (e.unitName) entry.unitName = e.unitName
      count(entry.t, e, limit, asOf)
      count(all, e, limit, asOf)
    }
  }
  const rows = [...byUnit.values()]
    .map((u) => ({ unitId: u.unitId, unitName: u.unitName, ...rate(u.t) }))
    .sort((a, b) => b.received - a.received || (a.unitName ?? '').localeCompare(b.unitName ?? '', 'zh-CN'))
  return { rows, totals: rate(all) }
}

/**
 * The weekly supervision list as of the week's end (or now): events whose current dispatch is past
 * its deadline and not resolved, or was resolved late during the week, and events supervised (督办)
 * during the week. Most overdue first.
 */
export function weeklySupervisionItems(
  traces: readonly EventTrace[],
  week: { fromMs: number; toMs: number; nowMs: number },
): SupervisionItem[] {
  const asOf = Math.min(week.toMs, week.nowMs)
  const items: SupervisionItem[] = []
  for (const trace of traces) {
    const seen = trace.versions.filter((v) => v.atMs <= asOf)
    if (!seen.length) continue
    const episodes = dispatchEpisodes({ ...trace, versions: seen })
    const last = episodes[episodes.length - 1]
    let overdueHours: number | null = null
    if (last && last.deadlineMs !== null) {
      if (last.resolvedMs === null && last.deadlineMs < asOf) overdueHours = (asOf - last.deadlineMs) / 3_600_000
      else if (last.resolvedMs !== null && last.resolvedMs >= week.fromMs && last.resolvedMs > last.deadlineMs)
        overdueHours = (last.resolvedMs - last.deadlineMs) / 3_600_000
    }
    const supervised = seen.filter((v) => v.atMs >= week.fromMs && v.supervisionLevel !== null)
    const level = supervised.length ? Math.max(...supervised.map((v) => v.supervisionLevel!)) : null
    if (overdueHours === null && level === null) continue
    const current = seen[seen.length - 1]
    items.push({
      eventId: trace.id,
      title: trace.title,
      unitId: last?.unitId ?? null,
      unitName: last?.unitName ?? null,
      township: trace.township,
      status: current.status,
      dispatchedAt: last ? toHallIso(last.dispatchedMs) : null,
      deadline: last && last.deadlineMs !== null ? toHallIso(last.deadlineMs) : null,
      overdueHours: overdueHours === null ? null : Math.round(overdueHours * 10) / 10,
      supervisionLevel: level,
      reason:
        overdueHours !== null && level !== null
          ? 'overdue_supervised'
          : overdueHours !== null
            ? 'overdue'
            : 'supervised',
    })
  }
  return items.sort((a, b) => (b.overdueHours ?? -1) - (a.overdueHours ?? -1) || a.eventId.localeCompare(b.eventId))
}

const DAY = 86_400_000

/** Monday 00:00 to the next Monday (Asia/Shanghai) of the week containing `date` (YYYY-MM-DD). */
export function weekOf(date: string): { from: string; to: string; fromMs: number; toMs: number } {
  const noon = Date.parse(`${date}T12:00:00+08:00`)
  const weekday = (new Date(noon).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6 (noon Shanghai is the same UTC day)
  const fromMs = Date.parse(`${date}T00:00:00+08:00`) - weekday * DAY
  const toMs = fromMs + 7 * DAY
  return { from: toHallIso(fromMs).slice(0, 10), to: toHallIso(toMs - DAY).slice(0, 10), fromMs, toMs }
}

/** The first day 00:00 to the next month's first day (Asia/Shanghai) of `month` (YYYY-MM). */
export function monthOf(month: string): { from: string; to: string; fromMs: number; toMs: number } {
  const [y, m] = month.split('-').map(Number)
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  const fromMs = Date.parse(`${month}-01T00:00:00+08:00`)
  const toMs = Date.parse(`${next}-01T00:00:00+08:00`)
  return { from: `${month}-01`, to: toHallIso(toMs - DAY).slice(0, 10), fromMs, toMs }
}
