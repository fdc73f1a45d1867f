/** The township (or village) ranking: what each row shows. Rows come ranked by the engine. */
import type { PlaceRank } from '../../../../electron/contract'

export interface RankingRow {
  rank: number
  code: string
  name: string
  events: number
  open: number
  overdue: number
  /** "96.5%" or "—" without finished events. */
  onTime: string
  tone: 'normal' | 'attention' | 'alert'
}

export function rankingRows(items: readonly PlaceRank[] | null | undefined, limit: number): RankingRow[] {
  return (items ?? []).slice(0, Math.max(0, limit)).map((p, i) => ({
    rank: i + 1,
    code: p.code,
    name: p.name,
    events: p.events,
    open: p.open,
    overdue: p.overdue,
    onTime: p.onTimeRate === null ? '—' : `${p.onTimeRate.toFixed(1)}%`,
    tone: p.overdue > 0 ? 'alert' : p.onTimeRate !== null && p.onTimeRate < 90 ? 'attention' : 'normal',
  }))
}

/** Share of the largest row, for the bar behind the event count (0–100). */
export function barShare(row: RankingRow, rows: readonly RankingRow[]): number {
  const max = Math.max(0, ...rows.map((r) => r.events))
  return max > 0 ? Math.round((row.events / max) * 100) : 0
}
