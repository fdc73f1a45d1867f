import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatHour,
  formatShortDateTime,
  formatTime,
  hallDate,
} from './format'

describe('hall time formatting (Asia/Shanghai)', () => {
  it('shows UTC instants in Shanghai time', () => {
    expect(formatDateTime('2026-11-27T01:20:31Z')).toBe('2026-11-27 09:20:31')
    expect(formatTime('2026-11-27T16:05:00Z')).toBe('00:05:00')
    expect(formatShortDateTime('2026-11-27T16:05:00Z')).toBe('11-28 00:05')
    expect(formatHour('2026-11-27T16:05:00Z')).toBe('00')
  })
  it('keeps offsets from the payload', () => {
    expect(formatDateTime('2026-11-27T09:20:31+08:00')).toBe('2026-11-27 09:20:31')
    expect(hallDate('2026-11-27T23:59:59+08:00')).toBe('2026-11-27')
    expect(hallDate('2026-11-27T16:00:00Z')).toBe('2026-11-28')
  })
  it('renders a dash for missing or invalid values', () => {
    expect(formatDateTime(null)).toBe('—')
    expect(formatDateTime('not a date')).toBe('—')
    expect(formatTime(undefined)).toBe('—')
  })
})

describe('numbers', () => {
  it('groups thousands and sizes bytes', () => {
    expect(formatCount(12345)).toBe('12,345')
    expect(formatCount(undefined)).toBe('—')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(2048)).toBe('2.0 KiB')
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB')
  })
})
