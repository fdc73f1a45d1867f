/**
 * Wall page layout rules, pure: which design canvas a screen gets, and the minimum text size.
 * 16:9-ish screens get the 1920×1080 canvas with one page; very wide walls (≥ 2.5:1, e.g. 32:9
 * 7680×2160 or 6656×1792) get a 3840×1080 canvas with the overview and the map side by side,
 * instead of a letterboxed 16:9 strip.
 */
export const WALL_PAGES = ['overview', 'map'] as const
export type WallPageName = (typeof WALL_PAGES)[number]

export const DESIGN_HEIGHT = 1080
export const PAGE_WIDTH = 1920
export const WIDE_FROM_ASPECT = 2.5

/**
 * The smallest text on a wall page, in CSS px as rendered on the screen. Every wall page's design
 * uses ≥ 18 px on its 1080-high canvas, and the canvas is never shown smaller than 1080 px high
 * on the supported walls, so the rendered minimum is 18 px (≈ 5 mm on a 55" 1080p panel, legible
 * at 5 m for figures and labels); tests measure it at every wall size.
 */
export const WALL_MIN_RENDERED_FONT_PX = 18

export interface WallLayout {
  width: number
  height: number
  pages: WallPageName[]
}

export function wallLayout(viewWidth: number, viewHeight: number, page: WallPageName): WallLayout {
  const aspect = viewHeight > 0 ? viewWidth / viewHeight : 16 / 9
  if (aspect >= WIDE_FROM_ASPECT) return { width: PAGE_WIDTH * 2, height: DESIGN_HEIGHT, pages: ['overview', 'map'] }
  return { width: PAGE_WIDTH, height: DESIGN_HEIGHT, pages: [page] }
}

export function parsePage(value: unknown): WallPageName {
  return (WALL_PAGES as readonly unknown[]).includes(value) ? (value as WallPageName) : 'overview'
}
