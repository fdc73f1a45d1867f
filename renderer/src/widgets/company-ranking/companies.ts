/** Property-company rectification ranking: rows as ranked by the engine (rectification rate). */
import type { StatsPropertyCompanies } from '../../../../electron/contract'

export interface CompanyRow {
  rank: number
  id: string
  name: string
  forwarded: number
  rectified: number
  share: number
  rate: string
  tone: 'good' | 'attention' | 'alert'
}

export function companyRows(c: StatsPropertyCompanies | null | undefined, limit: number): CompanyRow[] {
  return (c?.items ?? []).slice(0, Math.max(0, limit)).map((p, i) => ({
    rank: i + 1,
    id: p.id,
    name: p.name,
    forwarded: p.forwarded,
    rectified: p.rectified,
    share: p.rectificationRate ?? 0,
    rate: p.rectificationRate === null ? '—' : `${p.rectificationRate.toFixed(1)}%`,
    tone:
      p.rectificationRate === null || p.rectificationRate >= 80
        ? 'good'
        : p.rectificationRate >= 50
          ? 'attention'
          : 'alert',
  }))
}
