import { describe, expect, it } from 'vitest'
import { distanceMeters, duplicateReasons, normalisePhone, type DuplicateFacts } from './duplicates'

const T = Date.parse('2026-11-28T10:00:00+08:00')
const cfg = { distanceMeters: 500, windowHours: 72 }
const base: DuplicateFacts = {
  id: 'A',
  category: 'noise',
  lat: 37.6,
  lng: 113.7,
  reporterPhone: '13935400000',
  reportedMs: T,
}

describe('duplicate suggestions', () => {
  it('measures distance on the sphere', () => {
    // 0.001° of latitude ≈ 111 m.
    expect(distanceMeters({ lat: 37.6, lng: 113.7 }, { lat: 37.601, lng: 113.7 })).toBeCloseTo(111.2, 0)
    expect(distanceMeters({ lat: 37.6, lng: 113.7 }, { lat: 37.6, lng: 113.7 })).toBe(0)
  })

  it('suggests the same category nearby, or the same phone, within the window', () => {
    const near = { ...base, id: 'B', lat: 37.602, reporterPhone: null }
    expect(duplicateReasons(base, near, cfg)).toEqual({ reasons: ['nearby_same_category'], distanceMeters: 222 })
    const far = { ...near, lat: 37.7 }
    expect(duplicateReasons(base, far, cfg).reasons).toEqual([])
    const otherCategory = { ...near, category: 'heating' }
    expect(duplicateReasons(base, otherCategory, cfg).reasons).toEqual([])
    const samePhone = { ...far, category: 'heating', reporterPhone: '139-3540-0000' }
    expect(duplicateReasons(base, samePhone, cfg).reasons).toEqual(['same_phone'])
    const both = { ...near, reporterPhone: '13935400000' }
    expect(duplicateReasons(base, both, cfg).reasons).toEqual(['nearby_same_category', 'same_phone'])
    const late = { ...both, reportedMs: T + 73 * 3_600_000 }
    expect(duplicateReasons(base, late, cfg).reasons).toEqual([])
    expect(duplicateReasons(base, { ...base }, cfg).reasons).toEqual([])
    const noPlace = { ...near, lat: null, lng: null }
    expect(duplicateReasons(base, noPlace, cfg)).toEqual({ reasons: [], distanceMeters: null })
  })

  it('compares phones by their digits and ignores too short ones', () => {
    expect(normalisePhone('0354-8221234')).toBe('03548221234')
    expect(normalisePhone('110')).toBeNull()
    expect(normalisePhone(null)).toBeNull()
  })
})
