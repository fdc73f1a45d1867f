import { describe, expect, it } from 'vitest'
import { DEFAULT_SHIFTS } from '../../contract/dutylog'
import { shiftAt } from './shifts'

const at = (iso: string) => Date.parse(iso)

describe('shiftAt', () => {
  it('day and night shifts, the night one keeping the date it started on', () => {
    expect(shiftAt(DEFAULT_SHIFTS, at('2026-11-28T09:30:00+08:00'))).toEqual({
      key: '2026-11-28 白班',
      name: '白班',
      date: '2026-11-28',
      startsAt: '2026-11-28T08:00:00+08:00',
      endsAt: '2026-11-28T20:00:00+08:00',
    })
    expect(shiftAt(DEFAULT_SHIFTS, at('2026-11-28T20:00:00+08:00')).key).toBe('2026-11-28 夜班')
    const night = shiftAt(DEFAULT_SHIFTS, at('2026-11-29T03:00:00+08:00'))
    expect(night).toMatchObject({
      key: '2026-11-28 夜班',
      startsAt: '2026-11-28T20:00:00+08:00',
      endsAt: '2026-11-29T08:00:00+08:00',
    })
    expect(shiftAt(DEFAULT_SHIFTS, at('2026-11-29T07:59:59+08:00')).key).toBe('2026-11-28 夜班')
    expect(shiftAt(DEFAULT_SHIFTS, at('2026-11-29T08:00:00+08:00')).key).toBe('2026-11-29 白班')
  })

  it('three shifts in any order, one crossing midnight', () => {
    const three = [
      { name: '中班', start: '16:00' },
      { name: '早班', start: '08:00' },
      { name: '晚班', start: '00:00' },
    ]
    expect(shiftAt(three, at('2026-11-28T00:00:00+08:00'))).toMatchObject({
      key: '2026-11-28 晚班',
      endsAt: '2026-11-28T08:00:00+08:00',
    })
    expect(shiftAt(three, at('2026-11-28T23:59:00+08:00'))).toMatchObject({
      key: '2026-11-28 中班',
      endsAt: '2026-11-29T00:00:00+08:00',
    })
  })

  it('one shift a day runs 24 hours', () => {
    expect(shiftAt([{ name: '全天', start: '09:00' }], at('2026-11-28T08:00:00+08:00'))).toMatchObject({
      key: '2026-11-27 全天',
      startsAt: '2026-11-27T09:00:00+08:00',
      endsAt: '2026-11-28T09:00:00+08:00',
    })
  })
})
