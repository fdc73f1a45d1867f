import { describe, expect, it } from 'vitest'
import { unitRows } from './units'

describe('unitRows', () => {
  it('ranks units as the engine ordered them, with rate text, bar share and tone', () => {
    const rows = unitRows(
      {
        generatedAt: '2026-11-27T10:00:00+08:00',
        windowDays: 7,
        items: [
          { unitId: 'U-A', name: '县水利局', assigned: 10, finished: 8, onTime: 8, onTimeRate: 100, overdue: 0 },
          { unitId: 'U-B', name: '县住建局', assigned: 5, finished: 4, onTime: 3, onTimeRate: 75, overdue: 0 },
          { unitId: 'U-C', name: '县交通局', assigned: 3, finished: 0, onTime: 0, onTimeRate: null, overdue: 2 },
        ],
      },
      5,
    )
    expect(rows.map((r) => [r.rank, r.name, r.rate, r.share, r.tone])).toEqual([
      [1, '县水利局', '100.0%', 100, 'good'],
      [2, '县住建局', '75.0%', 75, 'attention'],
      [3, '县交通局', '—', 0, 'alert'],
    ])
    expect(unitRows(null, 5)).toEqual([])
  })
})
