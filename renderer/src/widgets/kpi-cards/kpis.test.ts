import { describe, expect, it } from 'vitest'
import type { StatsKpis } from '../../../../electron/contract'
import { buildKpis, kpiText } from './kpis'

const kpis: StatsKpis = {
  generatedAt: '2026-11-27T09:00:00+08:00',
  windowDays: 30,
  eventsToday: 1234,
  pendingAcceptance: 7,
  inProgress: 20,
  overdue: 0,
  finishedToday: 9,
  onTimeRate: 96.5,
  satisfactionRate: 81.2,
  videoAlertsToday: 5,
  zeroReports: { date: '2026-11-27', received: 9, expected: 11 },
}
const fmt = (n: number) => n.toLocaleString('en-US')

describe('buildKpis', () => {
  it('maps the KPIs to the eight cards with their test ids', () => {
    expect(buildKpis(kpis).map((k) => [k.testId, kpiText(k, fmt)])).toEqual([
      ['kpi-today', '1,234'],
      ['kpi-pending', '7'],
      ['kpi-in-progress', '20'],
      ['kpi-overdue', '0'],
      ['kpi-on-time', '96.5'],
      ['kpi-satisfaction', '81.2'],
      ['kpi-video-alerts', '5'],
      ['kpi-zero-reports', '9/11'],
    ])
  })
  it('draws attention to pending, overdue, low rates and missing zero reports', () => {
    const tones = Object.fromEntries(buildKpis({ ...kpis, overdue: 3 }).map((k) => [k.key, k.tone]))
    expect(tones).toMatchObject({
      pending: 'attention',
      overdue: 'alert',
      onTimeRate: 'good',
      satisfactionRate: 'attention',
      zeroReports: 'attention',
      today: 'normal',
    })
  })
  it('shows dashes before the first answer and for rates without a denominator', () => {
    expect(buildKpis(null).every((k) => kpiText(k, fmt) === '—')).toBe(true)
    const none = buildKpis({ ...kpis, onTimeRate: null }).find((k) => k.key === 'onTimeRate')!
    expect(kpiText(none, fmt)).toBe('—')
    expect(none.tone).toBe('normal')
  })
})
