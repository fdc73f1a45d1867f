import { describe, expect, it } from 'vitest'
import { placeCanvas } from '../../composables/canvasFit'
import { parsePage, wallLayout, WALL_MIN_RENDERED_FONT_PX } from './layout'

const WALLS = [
  [1920, 1080],
  [3840, 2160],
  [7680, 2160],
  [6656, 1792],
] as const

describe('wallLayout', () => {
  it('gives 16:9 screens one page and very wide walls both pages side by side', () => {
    expect(wallLayout(1920, 1080, 'map')).toEqual({ width: 1920, height: 1080, pages: ['map'] })
    expect(wallLayout(3840, 2160, 'overview').pages).toEqual(['overview'])
    expect(wallLayout(7680, 2160, 'map')).toEqual({ width: 3840, height: 1080, pages: ['overview', 'map'] })
    expect(wallLayout(6656, 1792, 'overview').width).toBe(3840)
  })
  it('never shows the design smaller than 1:1 on the supported walls (so 18 px design text stays ≥ 18 px)', () => {
    for (const [w, h] of WALLS) {
      const layout = wallLayout(w, h, 'overview')
      const { scale } = placeCanvas(w, h, layout.width, layout.height, 'fit')
      expect(scale).toBeGreaterThanOrEqual(1)
      expect(18 * scale).toBeGreaterThanOrEqual(WALL_MIN_RENDERED_FONT_PX)
      // Fit: the canvas is entirely on screen.
      expect(layout.width * scale).toBeLessThanOrEqual(w + 0.5)
      expect(layout.height * scale).toBeLessThanOrEqual(h + 0.5)
    }
  })
  it('reads the page name from the route, defaulting to the overview', () => {
    expect(parsePage('map')).toBe('map')
    expect(parsePage('nope')).toBe('overview')
    expect(parsePage(undefined)).toBe('overview')
  })
})
