/** 网格概况: the county totals as tiles and the townships as rows (from `stats.grids`). */
import type { StatsGrids } from '../../../../electron/contract'

export const GRID_TILES = ['grids', 'microGrids', 'dedicatedGrids', 'gridWorkers', 'households'] as const
export type GridTile = (typeof GRID_TILES)[number]

export function gridTiles(g: StatsGrids | null | undefined): { key: GridTile; value: number | null }[] {
  return GRID_TILES.map((key) => ({ key, value: g?.registryVersion != null ? g.total[key] : null }))
}

export interface GridRow {
  code: string
  name: string
  grids: number
  microGrids: number
  dedicatedGrids: number
  gridWorkers: number
}

/** A count that fits a tile: 103,291 → "10.3万" (zh) / "103k" (en) from 100,000 up. */
export function compactCount(n: number, locale: string): string {
  if (n < 100_000) return n.toLocaleString('en-US')
  return locale.startsWith('zh') ? `${(n / 10_000).toFixed(1)}万` : `${Math.round(n / 1000)}k`
}

/** Townships with the most grids first (ties by code), up to `limit`. */
export function gridRows(g: StatsGrids | null | undefined, limit: number): GridRow[] {
  return [...(g?.townships ?? [])]
    .sort((a, b) => b.grids + b.dedicatedGrids - (a.grids + a.dedicatedGrids) || a.code.localeCompare(b.code))
    .slice(0, Math.max(0, limit))
    .map(({ code, name, grids, microGrids, dedicatedGrids, gridWorkers }) => ({
      code,
      name,
      grids,
      microGrids,
      dedicatedGrids,
      gridWorkers,
    }))
}
