import { describe, expect, it } from 'vitest'
import type { PlaceRank } from '../../../../electron/contract'
import { barShare, rankingRows } from './ranking'

const place = (code: string, over: Partial<PlaceRank> = {}): PlaceRank => ({
  code,
  name: `镇${code}`,
  events: 10,
  open: 2,
  overdue: 0,
  finished: 8,
  onTime: 8,
  onTimeRate: 100,
  ...over,
})

describe('rankingRows', () => {
  it('numbers the rows in the engine’s order, up to the limit', () => {
    const rows = rankingRows([place('a', { events: 30 }), place('b', { events: 20 }), place('c')], 2)
    expect(rows.map((r) => [r.rank, r.code, r.events])).toEqual([
      [1, 'a', 30],
      [2, 'b', 20],
    ])
  })
  it('shows the on-time rate or a dash, and marks overdue and low rates', () => {
    const rows = rankingRows(
      [place('a', { overdue: 2 }), place('b', { onTimeRate: 71.25 }), place('c', { onTimeRate: null })],
      9,
    )
    expect(rows.map((r) => [r.onTime, r.tone])).toEqual([
      ['100.0%', 'alert'],
      ['71.3%', 'attention'],
      ['—', 'normal'],
    ])
  })
  it('sizes the bars against the largest row', () => {
    const rows = rankingRows([place('a', { events: 40 }), place('b', { events: 10 })], 9)
    expect(rows.map((r) => barShare(r, rows))).toEqual([100, 25])
    expect(rankingRows(null, 5)).toEqual([])
  })
})
