/** The KPI cards of the wall, from `stats.overview`. */
import type { StatsOverview } from '../../../../electron/contract'

export type KpiTone = 'normal' | 'attention' | 'alert'

export interface Kpi {
  key: 'today' | 'pending' | 'inProgress' | 'overdue' | 'total'
  testId: string
  /** i18n key of the label */
  labelKey: string
  value: number | null
  tone: KpiTone
}

export function buildKpis(overview: StatsOverview | null | undefined): Kpi[] {
  const v = (n: number | undefined) => (overview ? (n ?? 0) : null)
  const pending = v(overview?.pendingAcceptance)
  const overdue = v(overview?.overdue)
  return [
    { key: 'today', testId: 'kpi-today', labelKey: 'wall.kpi.today', value: v(overview?.today), tone: 'normal' },
    {
      key: 'pending',
      testId: 'kpi-pending',
      labelKey: 'wall.kpi.pending',
      value: pending,
      tone: pending ? 'attention' : 'normal',
    },
    {
      key: 'inProgress',
      testId: 'kpi-in-progress',
      labelKey: 'wall.kpi.inProgress',
      value: v(overview?.inProgress),
      tone: 'normal',
    },
    {
      key: 'overdue',
      testId: 'kpi-overdue',
      labelKey: 'wall.kpi.overdue',
      value: overdue,
      tone: overdue ? 'alert' : 'normal',
    },
    { key: 'total', testId: 'kpi-total', labelKey: 'wall.kpi.total', value: v(overview?.total), tone: 'normal' },
  ]
}
