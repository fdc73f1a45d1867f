/**
 * Handlers of the supervision reports (一周一督办、一月一通报) and their export. index.ts spreads
 * them into the dispatcher's handlers.
 */
import { monthlyUnitRows, monthOf, weekOf, weeklySupervisionItems } from '../domain/supervision-report'
import { toHallIso } from '../domain/time'
import { hallDate } from '../domain/zero-report-board'
import { findReportFont, monthlyTable, toPdf, toXlsx, weeklyTable } from '../reports/export'
import type { Db } from '../store/database'
import { readEventTraces } from '../store/event-traces'
import type { Handlers } from './dispatcher'

type ReportMethods = 'reports.weeklySupervision' | 'reports.monthlyUnits' | 'reports.export'

export function createReportHandlers(deps: { db: Db; now?: () => number }) {
  const now = deps.now ?? Date.now

  function weekly(date: string | undefined) {
    const t = now()
    const w = weekOf(date ?? hallDate(t))
    const items = weeklySupervisionItems(readEventTraces(deps.db, w.fromMs, w.toMs), { ...w, nowMs: t })
    const units = new Map<string, { unitId: string | null; unitName: string | null; count: number }>()
    for (const i of items) {
      const key = i.unitId ?? `\u0001${i.unitName ?? ''}`
      const u = units.get(key) ?? { unitId: i.unitId, unitName: i.unitName, count: 0 }
      u.count++
      units.set(key, u)
    }
    return {
      from: w.from,
      to: w.to,
      generatedAt: toHallIso(t),
      items,
      byUnit: [...units.values()].sort((a, b) => b.count - a.count),
    }
  }

  function monthly(month: string | undefined, receiptLimitHours: number) {
    const t = now()
    const m = monthOf(month ?? hallDate(t).slice(0, 7))
    const { rows, totals } = monthlyUnitRows(readEventTraces(deps.db, m.fromMs, m.toMs), {
      ...m,
      nowMs: t,
      receiptLimitHours,
    })
    return {
      month: m.from.slice(0, 7),
      from: m.from,
      to: m.to,
      receiptLimitHours,
      generatedAt: toHallIso(t),
      rows,
      totals,
    }
  }

  const methods: Pick<Handlers, ReportMethods> = {
    'reports.weeklySupervision': ({ date }) => weekly(date),
    'reports.monthlyUnits': ({ month, receiptLimitHours }) => monthly(month, receiptLimitHours),
    'reports.export': async ({ kind, format, date, month, receiptLimitHours }) => {
      const table = kind === 'weekly' ? weeklyTable(weekly(date)) : monthlyTable(monthly(month, receiptLimitHours))
      const period = kind === 'weekly' ? weekOf(date ?? hallDate(now())).from : (month ?? hallDate(now()).slice(0, 7))
      const name = `${kind === 'weekly' ? '督办清单' : '月度通报'}-${period}.${format}`
      const bytes = format === 'xlsx' ? await toXlsx(table) : await toPdf(table, findReportFont())
      return {
        filename: name,
        mime:
          format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
        base64: bytes.toString('base64'),
      }
    },
  }
  return { methods }
}
