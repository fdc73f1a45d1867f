import { describe, expect, it } from 'vitest'
import { buildEventLocationOption, eventPoint, nearCounty, townshipPoints } from './option'

const positions = { '140724101': { lng: 113.66, lat: 37.42 } }

describe('eventPoint', () => {
  it('pins the event at its own coordinates when it has them', () => {
    expect(eventPoint(37.6, 113.7, '140724101', positions)).toEqual({ lng: 113.7, lat: 37.6, approx: false })
  })
  it('falls back to the township position, marked approximate', () => {
    expect(eventPoint(null, undefined, '140724101', positions)).toEqual({ lng: 113.66, lat: 37.42, approx: true })
    expect(eventPoint('37.6', 113.7, '140724101', positions)).toMatchObject({ approx: true })
    expect(eventPoint(Number.NaN, 113.7, '140724101', positions)).toMatchObject({ approx: true })
  })
  it('gives nothing when neither is known', () => {
    expect(eventPoint(null, null, '999', positions)).toBeNull()
    expect(eventPoint(null, null, null, positions)).toBeNull()
  })
  it('rejects coordinates outside the globe', () => {
    expect(eventPoint(137.6, 113.7, null, positions)).toBeNull()
  })
})

describe('buildEventLocationOption', () => {
  const towns = townshipPoints(
    [
      { code: '140724101', name: '皋落镇' },
      { code: 'nowhere', name: '无坐标' },
    ],
    positions,
  )
  it('draws known townships only', () => {
    expect(towns.map((t) => t.name)).toEqual(['皋落镇'])
  })
  it('puts the pin where the event is, coloured by precision', () => {
    const exact = buildEventLocationOption('m', { lng: 113.7, lat: 37.6, approx: false }, towns, '事件')
    const series = exact.series as { type: string; data: { value: number[] }[]; itemStyle: { color: string } }[]
    expect(series[1].data).toEqual([{ name: '事件', value: [113.7, 37.6] }])
    const approx = buildEventLocationOption('m', { lng: 113.66, lat: 37.42, approx: true }, towns, '事件')
    const approxSeries = approx.series as typeof series
    expect(approxSeries[1].itemStyle.color).not.toBe(series[1].itemStyle.color)
  })
  it('leaves out a pin far from the county (the outline would shrink to a dot)', () => {
    expect(nearCounty({ lng: 116.4, lat: 39.9 })).toBe(false)
    const far = buildEventLocationOption('m', { lng: 116.4, lat: 39.9, approx: false }, towns, '事件')
    expect((far.series as { data: unknown[] }[])[1].data).toEqual([])
  })
})
