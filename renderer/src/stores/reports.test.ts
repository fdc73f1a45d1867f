import { describe, expect, it } from 'vitest'
import { storedReceiptLimit } from './reports'

describe('storedReceiptLimit', () => {
  it('keeps a valid number of hours', () => {
    expect(storedReceiptLimit('4')).toBe(4)
    expect(storedReceiptLimit('0.5')).toBe(0.5)
    expect(storedReceiptLimit('72')).toBe(72)
  })
  it('falls back to the default 2 h for anything else', () => {
    for (const raw of [null, '', 'abc', '0', '-1', '100', 'Infinity']) expect(storedReceiptLimit(raw)).toBe(2)
  })
})
