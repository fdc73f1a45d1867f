import { describe, expect, it } from 'vitest'
import { videoCompanyStats, type ForwardFact } from './video-triage'

const H = 3_600_000
const T = Date.parse('2026-11-28T12:00:00+08:00')
const fact = (over: Partial<ForwardFact>): ForwardFact => ({
  propertyCompanyId: 'P-07',
  propertyCompanyName: '安居物业',
  forwardedMs: T - 10 * H,
  deadlineMs: T - 8 * H,
  rectifiedMs: null,
  ...over,
})

describe('videoCompanyStats', () => {
  it('counts forwarded, rectified in time / late, overdue and open, and the mean rectification time', () => {
    const stats = videoCompanyStats(
      [
        fact({ rectifiedMs: T - 9 * H }), // 60 min, in time
        fact({ rectifiedMs: T - 7 * H }), // 180 min, late
        fact({}), // overdue
        fact({ deadlineMs: T + H }), // open
        fact({ deadlineMs: null, rectifiedMs: T - 10 * H + 30 * 60_000 }), // 30 min, not judged
        fact({ propertyCompanyId: 'P-01', propertyCompanyName: '昔阳县宜居物业', rectifiedMs: T - 9.5 * H }),
      ],
      T,
    )
    expect(stats.items.map((i) => i.propertyCompanyId)).toEqual(['P-07', 'P-01'])
    expect(stats.items[0]).toEqual({
      propertyCompanyId: 'P-07',
      propertyCompanyName: '安居物业',
      forwarded: 5,
      rectified: 3,
      rectifiedInTime: 1,
      rectifiedLate: 1,
      overdue: 1,
      open: 1,
      inTimeRate: 1 / 3,
      averageRectificationMinutes: 90,
    })
    expect(stats.items[1]).toMatchObject({
      forwarded: 1,
      rectifiedInTime: 1,
      inTimeRate: 1,
      averageRectificationMinutes: 30,
    })
    expect(stats.totals).toMatchObject({ forwarded: 6, rectified: 4, rectifiedInTime: 2, overdue: 1, inTimeRate: 0.5 })
  })

  it('has no rates without decided items and keeps alerts without a company apart', () => {
    const stats = videoCompanyStats(
      [fact({ propertyCompanyId: null, propertyCompanyName: null, deadlineMs: T + H })],
      T,
    )
    expect(stats.items).toEqual([
      expect.objectContaining({
        propertyCompanyId: null,
        forwarded: 1,
        open: 1,
        inTimeRate: null,
        averageRectificationMinutes: null,
      }),
    ])
    expect(videoCompanyStats([], T).totals).toMatchObject({ forwarded: 0, inTimeRate: null })
  })
})
