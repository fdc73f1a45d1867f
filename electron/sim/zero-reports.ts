/**
 * The townships' daily zero reports (零报告), simulated: most townships report between 07:30 and
 * 09:55, one reports late, and a couple never do — so the hall's board has something to show.
 * Deterministic per (seed, date): the same day plays out the same way on every restart.
 */
import type { ZsZeroReport } from '../contract'
import type { CountyRegistry } from './county'
import { createRng, hashSeed } from './random'
import { toShanghaiIso } from './time'

export interface PlannedZeroReport {
  report: ZsZeroReport
  /** When it is due to be published (its reportedAt). */
  atMs: number
}

const OFFSET_MS = 8 * 3600_000

/** The Shanghai calendar date YYYY-MM-DD of `ms`. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10)
}

/** Epoch ms of `date` at hh:mm Shanghai time. */
const at = (date: string, minutesAfterMidnight: number) =>
  Date.parse(`${date}T00:00:00+08:00`) + minutesAfterMidnight * 60_000

export function zeroReportTopic(root: string, unitCode: string): string {
  return `${root}/zero-reports/${unitCode}`
}

const NOTES = [
  '辖区内发生邻里纠纷1起，已现场调解。',
  '发现1处道路积水隐患，已报送县住建局。',
  '网格员巡查发现1起违规占道经营，已劝导整改。',
]

/**
 * The day's reports, in publishing order. `missing` townships (default 2) do not report; one more
 * reports after the 10:00 deadline; the rest before it, most with nothing to report.
 */
export function planZeroReports(
  registry: CountyRegistry,
  date: string,
  seed: number,
  missing = 2,
): PlannedZeroReport[] {
  const rng = createRng(hashSeed(date, seed))
  const townships = [...registry.townships]
  // A seeded shuffle picks who is missing and who is late today.
  for (let i = townships.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[townships[i], townships[j]] = [townships[j], townships[i]]
  }
  const reporting = townships.slice(Math.min(missing, townships.length))
  const planned = reporting.map((t, i) => {
    const late = i === 0 && reporting.length > 3
    const minute = late ? rng.int(10 * 60 + 5, 11 * 60 + 30) : rng.int(7 * 60 + 30, 9 * 60 + 55)
    const atMs = at(date, minute) + rng.int(0, 59) * 1000
    const nothingToReport = !rng.chance(0.15)
    const report: ZsZeroReport = {
      schema: 'zs.zero_report/1',
      id: `ZR-${date.replaceAll('-', '')}-${t.code}`,
      date,
      unitCode: t.code,
      unitName: t.name,
      level: 'township',
      nothingToReport,
      note: nothingToReport ? '' : rng.pick(NOTES),
      reportedAt: toShanghaiIso(atMs),
      drill: false,
    }
    return { report, atMs }
  })
  return planned.sort((a, b) => a.atMs - b.atMs)
}
