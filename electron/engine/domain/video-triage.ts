/**
 * Video triage rules that are not SQL: the property-company statistics (forwarded, rectified in
 * time, average rectification time) from one fact per forwarded alert. Pure.
 */
import type { VideoCompanyStatsRow } from '../../contract'

/** One forwarded alert as the statistics see it (times in epoch ms). */
export interface ForwardFact {
  propertyCompanyId: string | null
  propertyCompanyName: string | null
  forwardedMs: number
  /** The forward's deadline; null when neither the platform nor the hall's command says. */
  deadlineMs: number | null
  /** When the company reported the rectification; null while it has not. */
  rectifiedMs: number | null
}

type Totals = Omit<VideoCompanyStatsRow, 'propertyCompanyId' | 'propertyCompanyName'>

const emptyTotals = (): Totals => ({
  forwarded: 0,
  rectified: 0,
  rectifiedInTime: 0,
  rectifiedLate: 0,
  overdue: 0,
  open: 0,
  inTimeRate: null,
  averageRectificationMinutes: null,
})

function add(t: Totals & { sumMinutes: number }, f: ForwardFact, nowMs: number): void {
  t.forwarded++
  if (f.rectifiedMs !== null) {
    t.rectified++
    t.sumMinutes += Math.max(0, f.rectifiedMs - f.forwardedMs) / 60_000
    // Without a known deadline a rectification is counted, not judged.
    if (f.deadlineMs !== null) {
      if (f.rectifiedMs <= f.deadlineMs) t.rectifiedInTime++
      else t.rectifiedLate++
    }
  } else if (f.deadlineMs !== null && f.deadlineMs < nowMs) t.overdue++
  else t.open++
}

function finish(t: Totals & { sumMinutes: number }): Totals {
  const { sumMinutes, ...rest } = t
  const decided = rest.rectifiedInTime + rest.rectifiedLate + rest.overdue
  return {
    ...rest,
    inTimeRate: decided ? rest.rectifiedInTime / decided : null,
    averageRectificationMinutes: rest.rectified ? Math.round((sumMinutes / rest.rectified) * 10) / 10 : null,
  }
}

/** Per property company (most forwarded first, then by name) and in total. */
export function videoCompanyStats(
  facts: readonly ForwardFact[],
  nowMs: number,
): { items: VideoCompanyStatsRow[]; totals: Totals } {
  const byCompany = new Map<string, { id: string | null; name: string | null; t: Totals & { sumMinutes: number } }>()
  const all = { ...emptyTotals(), sumMinutes: 0 }
  for (const f of facts) {
    const key = f.propertyCompanyId ?? `\u0001${f.propertyCompanyName ?? ''}`
    let entry = byCompany.get(key)
    if (!entry) {
      entry = { id: f.propertyCompanyId, name: f.propertyCompanyName, t: { ...emptyTotals(), sumMinutes: 0 } }
      byCompany.set(key, entry)
    }
    // The newest name the company was sent with.
    if (f.propertyCompanyName) entry.name = f.propertyCompanyName
    add(entry.t, f, nowMs)
    add(all, f, nowMs)
  }
  const items = [...byCompany.values()]
    .map((e) => ({ propertyCompanyId: e.id, propertyCompanyName: e.name, ...finish(e.t) }))
    .sort(
      (a, b) =>
        b.forwarded - a.forwarded ||
        (a.propertyCompanyName ?? '').localeCompare(b.propertyCompanyName ?? '', 'zh-CN') ||
        (a.propertyCompanyId ?? '').localeCompare(b.propertyCompanyId ?? ''),
    )
  return { items, totals: finish(all) }
}
