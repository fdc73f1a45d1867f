import { describe, expect, it } from 'vitest'
import { clockFace } from './clock'

describe('clockFace', () => {
  it('shows Shanghai date, weekday and time', () => {
    expect(clockFace(new Date('2026-11-27T16:30:05Z'))).toEqual({
      date: '2026年11月28日',
      weekday: '星期六',
      time: '00:30:05',
    })
  })
})
