import { describe, expect, it } from 'vitest'
import type { StatsOverview } from '../../../../electron/contract'
import { buildKpis } from './kpis'

const overview: StatsOverview = {
  generatedAt: '2026-11-27T01:00:00Z',
  total: 1234,
  today: 56,
  pendingAcceptance: 7,
  inProgress: 20,
  overdue: 0,
  finishedToday: 9,
  bySource: {},
  byDomain: {},
  bySeverity: {},
  perHour: [],
}

describe('buildKpis', () => {
  it('maps the overview to the five cards with their test ids', () => {
    const kpis = buildKpis(overview)
    expect(kpis.map((k) => [k.testId, k.value])).toEqual([
      ['kpi-today', 56],
      ['kpi-pending', 7],
      ['kpi-in-progress', 20],
      ['kpi-overdue', 0],
      ['kpi-total', 1234],
    ])
  })
  it('draws attention to pending and overdue work', () => {
    const kpis = buildKpis({ ...overview, overdue: 3 })
    expect(kpis.find((k) => k.key === 'overdue')?.tone).toBe('alert')
    expect(kpis.find((k) => k.key === 'pending')?.tone).toBe('attention')
    expect(buildKpis({ ...overview, pendingAcceptance: 0 }).find((k) => k.key === 'pending')?.tone).toBe('normal')
  })
  it('shows no numbers before the first overview', () => {
    expect(buildKpis(null).every((k) => k.value === null)).toBe(true)
  })
})
