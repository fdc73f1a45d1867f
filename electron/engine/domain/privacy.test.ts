import { describe, expect, it } from 'vitest'
import { maskPhone, maskReporterPhone } from './privacy'

describe('privacy', () => {
  it('masks the middle of a phone number', () => {
    expect(maskPhone('13935400000')).toBe('139****0000')
    expect(maskPhone('0354-3120000')).toBe('035*****0000')
    expect(maskPhone('12345')).toBe('***45')
  })

  it('masks the reporter phone of a payload without touching the original', () => {
    const p = { id: 'EV-1', reporter: { name: '王建军', phone: '13935400000', role: 'grid_worker' } }
    const masked = maskReporterPhone(p)
    expect(masked.reporter).toEqual({ name: '王建军', phone: '139****0000', role: 'grid_worker' })
    expect(p.reporter.phone).toBe('13935400000')
    const none = { id: 'EV-2', reporter: null }
    expect(maskReporterPhone(none)).toBe(none)
  })
})
