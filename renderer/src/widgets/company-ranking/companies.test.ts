import { describe, expect, it } from 'vitest'
import { companyRows } from './companies'

describe('companyRows', () => {
  it('shows forwarded and rectified alerts with the rate and a tone', () => {
    const rows = companyRows(
      {
        generatedAt: '2026-11-27T10:00:00+08:00',
        windowDays: 30,
        items: [
          { id: 'P-1', name: '安居物业', forwarded: 10, rectified: 9, rectificationRate: 90 },
          { id: 'P-2', name: '金博园物业', forwarded: 4, rectified: 2, rectificationRate: 50 },
          { id: 'P-3', name: '<b>某物业</b>', forwarded: 5, rectified: 1, rectificationRate: 20 },
        ],
      },
      2,
    )
    expect(rows.map((r) => [r.rank, r.name, `${r.rectified}/${r.forwarded}`, r.rate, r.tone])).toEqual([
      [1, '安居物业', '9/10', '90.0%', 'good'],
      [2, '金博园物业', '2/4', '50.0%', 'attention'],
    ])
  })
})
