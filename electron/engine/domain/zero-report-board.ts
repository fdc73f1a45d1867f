/**
 * The zero-report board of one day: every township of the registry with its report (on time or
 * late) or missing, and whether the day's deadline (Asia/Shanghai, default 10:00) has passed.
 * Pure: reports, townships and the clock in, the board out.
 */
import { HH_MM, type ZeroReport, type ZeroReportBoard } from '../../contract'

type ZeroReportState = ZeroReportBoard['townships'][number]['state']
import { toHallIso } from './time'

/** The Asia/Shanghai calendar date of `ms`, YYYY-MM-DD. */
export const hallDate = (ms: number) => toHallIso(ms).slice(0, 10)

/** Checks an 'HH:MM' deadline option; throws with a readable message. */
export function parseDeadline(hhmm: string): string {
  if (!HH_MM.test(hhmm)) throw new Error(`zero-report deadline must be HH:MM (00:00–23:59), got "${hhmm}"`)
  return hhmm
}

/** The deadline of `date` as epoch milliseconds (Asia/Shanghai has no daylight saving). */
export const deadlineMs = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`)

export function buildZeroReportBoard(input: {
  date: string
  deadline: string
  now: number
  townships: readonly { code: string; name: string }[]
  reports: readonly ZeroReport[]
}): ZeroReportBoard {
  const due = deadlineMs(input.date, input.deadline)
  const byUnit = new Map(input.reports.map((r) => [r.unitCode, r]))
  const townshipCodes = new Set(input.townships.map((t) => t.code))
  const counts = { townships: input.townships.length, onTime: 0, late: 0, missing: 0 }
  const townships = input.townships.map((t) => {
    const report = byUnit.get(t.code) ?? null
    const state: ZeroReportState = !report ? 'missing' : Date.parse(report.reportedAt) > due ? 'late' : 'on_time'
    counts[state === 'on_time' ? 'onTime' : state]++
    return { code: t.code, name: t.name, state, report }
  })
  return {
    date: input.date,
    deadline: input.deadline,
    deadlineAt: toHallIso(due),
    deadlinePassed: input.now > due,
    generatedAt: toHallIso(input.now),
    counts,
    townships,
    otherUnits: input.reports.filter((r) => !townshipCodes.has(r.unitCode)),
  }
}
