/** Department response ranking (一周一督办): rows as ranked by the engine (on-time rate, overdue). */
import type { StatsUnits } from '../../../../electron/contract'

export interface UnitRow {
  rank: number
  unitId: string
  name: string
  assigned: number
  overdue: number
  /** 0–100 for the bar; 0 without finished events. */
  share: number
  rate: string
  tone: 'good' | 'attention' | 'alert'
}

export function unitRows(units: StatsUnits | null | undefined, limit: number): UnitRow[] {
  return (units?.items ?? []).slice(0, Math.max(0, limit)).map((u, i) => ({
    rank: i + 1,
    unitId: u.unitId,
    name: u.name,
    assigned: u.assigned,
    overdue: u.overdue,
    share: u.onTimeRate ?? 0,
    rate: u.onTimeRate === null ? '—' : `${u.onTimeRate.toFixed(1)}%`,
    tone: u.overdue > 0 ? 'alert' : u.onTimeRate !== null && u.onTimeRate < 90 ? 'attention' : 'good',
  }))
}
