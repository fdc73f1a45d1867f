/**
 * The small map in the event detail: the county outline, the townships as grey reference points,
 * and the event as a red pin — at its own coordinates when the payload has them, otherwise at its
 * township's position (then marked approximate). A pure builder, unit-tested; the workstation's
 * light theme, not the wall's.
 */
import type { WallChartOption } from '../shared/echarts'
import { SCHEMATIC_TOWNSHIP_POSITIONS } from '../county-map/option'

export interface LngLat {
  lng: number
  lat: number
}

export interface EventPoint extends LngLat {
  /** True when placed at the township's (schematic) position for want of coordinates. */
  approx: boolean
}

/** Bounds that still count as the county's neighbourhood: a point far outside is not drawn. */
const NEAR = { lngMin: 112.9, lngMax: 114.6, latMin: 36.9, latMax: 38.2 }

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Where to pin the event: its coordinates, else its township's position, else nowhere. */
export function eventPoint(
  lat: unknown,
  lng: unknown,
  townshipCode: string | null | undefined,
  positions: Readonly<Record<string, LngLat>> = SCHEMATIC_TOWNSHIP_POSITIONS,
): EventPoint | null {
  if (finite(lat) && finite(lng) && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180) {
    return { lng, lat, approx: false }
  }
  const t = townshipCode ? positions[townshipCode] : undefined
  return t ? { lng: t.lng, lat: t.lat, approx: true } : null
}

/** Whether the point lies near the county (a far-away point would shrink the outline to a dot). */
export function nearCounty(p: LngLat): boolean {
  return p.lng >= NEAR.lngMin && p.lng <= NEAR.lngMax && p.lat >= NEAR.latMin && p.lat <= NEAR.latMax
}

export interface TownshipPoint extends LngLat {
  code: string
  name: string
}

/** The registry's townships at their positions (townships without one are left out). */
export function townshipPoints(
  townships: readonly { code: string; name: string }[],
  positions: Readonly<Record<string, LngLat>> = SCHEMATIC_TOWNSHIP_POSITIONS,
): TownshipPoint[] {
  return townships.flatMap((t) => {
    const at = positions[t.code]
    return at ? [{ code: t.code, name: t.name, lng: at.lng, lat: at.lat }] : []
  })
}

export const LOCATION_COLORS = {
  area: '#eef3fa',
  border: '#8aa2c2',
  township: '#9aa7b8',
  townshipLabel: '#5b6878',
  pin: '#e5484d',
  approxPin: '#f08c00',
} as const

export function buildEventLocationOption(
  mapName: string,
  point: EventPoint | null,
  townships: readonly TownshipPoint[],
  eventLabel: string,
): WallChartOption {
  const pin = point && nearCounty(point) ? point : null
  return {
    animation: false,
    geo: {
      map: mapName,
      roam: false,
      silent: true,
      // Top and bottom only: the width follows the outline's aspect (all four sides would stretch it).
      top: 16,
      bottom: 12,
      left: 'center',
      itemStyle: { areaColor: LOCATION_COLORS.area, borderColor: LOCATION_COLORS.border, borderWidth: 1.5 },
      emphasis: { disabled: true },
    },
    series: [
      {
        type: 'scatter',
        coordinateSystem: 'geo',
        silent: true,
        symbolSize: 6,
        itemStyle: { color: LOCATION_COLORS.township },
        label: {
          show: true,
          position: 'right',
          formatter: '{b}',
          fontSize: 12,
          color: LOCATION_COLORS.townshipLabel,
        },
        labelLayout: { hideOverlap: true },
        data: townships.map((t) => ({ name: t.name, value: [t.lng, t.lat] })),
        z: 2,
      },
      {
        type: 'effectScatter',
        coordinateSystem: 'geo',
        silent: true,
        symbol: 'pin',
        symbolSize: 30,
        rippleEffect: { scale: 2.5, brushType: 'stroke' },
        itemStyle: { color: pin?.approx ? LOCATION_COLORS.approxPin : LOCATION_COLORS.pin },
        label: { show: false },
        data: pin ? [{ name: eventLabel, value: [pin.lng, pin.lat] }] : [],
        z: 3,
      },
    ],
  }
}
