import { describe, expect, it } from 'vitest'
import { goalTiles } from './goals'

describe('goalTiles', () => {
  it('always shows the six goals in order, with value, measure and tone', () => {
    const tiles = goalTiles({
      generatedAt: '2026-11-27T10:00:00+08:00',
      windowDays: 30,
      goals: [
        { key: 'hazards', value: 62.5, numerator: 5, denominator: 8, events: 8 },
        { key: 'disputes', value: 95, numerator: 19, denominator: 20, events: 25 },
        { key: 'opinion', value: 80, numerator: 4, denominator: 5, events: 5 },
      ],
    })
    expect(tiles.map((t) => [t.key, t.text, t.measure, t.tone])).toEqual([
      ['disputes', '95.0', 'onTime', 'good'],
      ['hazards', '62.5', 'proactive', 'alert'],
      ['hard_problems', '—', 'onTime', 'none'],
      ['opinion', '80.0', 'onTime', 'attention'],
      ['coordination', '—', 'onTime', 'none'],
      ['decisions', '—', 'onTime', 'none'],
    ])
  })
})
