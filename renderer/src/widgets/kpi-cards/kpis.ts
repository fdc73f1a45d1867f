/** The KPI cards of the wall, from `stats.kpis` (definitions in docs/statistics.md). */
import type { StatsKpis } from '../../../../electron/contract'

export type KpiTone = 'normal' | 'attention' | 'alert' | 'good'

export interface Kpi {
  key:
    'today' | 'pending' | 'inProgress' | 'overdue' | 'onTimeRate' | 'satisfactionRate' | 'videoAlerts' | 'zeroReports'
  testId: string
  /** i18n key of the label */
  labelKey: string
  /** What the card shows: a count, a rate in per cent, or "received/expected". */
  kind: 'count' | 'percent' | 'ratio'
  /** The number (count, per cent, or received), null while unknown or without a denominator. */
  value: number | null
  /** For `ratio`: the expected number. */
  of?: number
  tone: KpiTone
}

/** Below this per cent a rate is shown as needing attention. */
export const RATE_ATTENTION_BELOW = 90

export function buildKpis(k: StatsKpis | null | undefined): Kpi[] {
  const v = (n: number | undefined | null) => (k ? (n ?? null) : null)
  const rateTone = (r: number | null): KpiTone =>
    r === null ? 'normal' : r < RATE_ATTENTION_BELOW ? 'attention' : 'good'
  const pending = v(k?.pendingAcceptance)
  const overdue = v(k?.overdue)
  const onTime = v(k?.onTimeRate)
  const satisfaction = v(k?.satisfactionRate)
  const zero = k?.zeroReports
  return [
    {
      key: 'today',
      testId: 'kpi-today',
      labelKey: 'wall.kpi.today',
      kind: 'count',
      value: v(k?.eventsToday),
      tone: 'normal',
    },
    {
      key: 'pending',
      testId: 'kpi-pending',
      labelKey: 'wall.kpi.pending',
      kind: 'count',
      value: pending,
      tone: pending ? 'attention' : 'normal',
    },
    {
      key: 'inProgress',
      testId: 'kpi-in-progress',
      labelKey: 'wall.kpi.inProgress',
      kind: 'count',
      value: v(k?.inProgress),
      tone: 'normal',
    },
    {
      key: 'overdue',
      testId: 'kpi-overdue',
      labelKey: 'wall.kpi.overdue',
      kind: 'count',
      value: overdue,
      tone: overdue ? 'alert' : 'normal',
    },
    {
      key: 'onTimeRate',
      testId: 'kpi-on-time',
      labelKey: 'wall.kpi.onTimeRate',
      kind: 'percent',
      value: onTime,
      tone: rateTone(onTime),
    },
    {
      key: 'satisfactionRate',
      testId: 'kpi-satisfaction',
      labelKey: 'wall.kpi.satisfactionRate',
      kind: 'percent',
      value: satisfaction,
      tone: rateTone(satisfaction),
    },
    {
      key: 'videoAlerts',
      testId: 'kpi-video-alerts',
      labelKey: 'wall.kpi.videoAlertsToday',
      kind: 'count',
      value: v(k?.videoAlertsToday),
      tone: 'normal',
    },
    {
      key: 'zeroReports',
      testId: 'kpi-zero-reports',
      labelKey: 'wall.kpi.zeroReports',
      kind: 'ratio',
      value: zero ? zero.received : null,
      of: zero?.expected,
      tone: zero && zero.received < zero.expected ? 'attention' : 'normal',
    },
  ]
}

/** The text of a KPI's number: "1,234", "96.5", "9/11"; an em dash while unknown. */
export function kpiText(kpi: Kpi, formatCount: (n: number) => string): string {
  if (kpi.value === null) return '—'
  if (kpi.kind === 'percent') return kpi.value.toFixed(1)
  if (kpi.kind === 'ratio') return `${kpi.value}/${kpi.of ?? 0}`
  return formatCount(kpi.value)
}
