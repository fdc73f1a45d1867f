import { describe, expect, it } from 'vitest'
import { displayState, shiftDay } from './zeroReports'

describe('zero-report board rules', () => {
  it('moves across months, years and leap days', () => {
    expect(shiftDay('2026-11-30', 1)).toBe('2026-12-01')
    expect(shiftDay('2027-01-01', -1)).toBe('2026-12-31')
    expect(shiftDay('2028-03-01', -1)).toBe('2028-02-29')
  })

  it('shows a missing report as missing only after the deadline', () => {
    expect(displayState('missing', false)).toBe('waiting')
    expect(displayState('missing', true)).toBe('missing')
    expect(displayState('on_time', false)).toBe('on_time')
    expect(displayState('late', true)).toBe('late')
  })
})
