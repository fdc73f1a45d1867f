/**
 * Wall pages are designed on a fixed canvas (1920×1080 by default) and scaled to the screen.
 * `fit` letterboxes (everything visible, bars on the sides or top/bottom); `fill` covers the
 * screen (may crop). Pure, so 4K and 32:9 walls can be checked without a browser.
 */
export type FitMode = 'fit' | 'fill'

export interface CanvasPlacement {
  scale: number
  offsetX: number
  offsetY: number
}

export function placeCanvas(
  viewWidth: number,
  viewHeight: number,
  designWidth: number,
  designHeight: number,
  mode: FitMode = 'fit',
): CanvasPlacement {
  if (viewWidth <= 0 || viewHeight <= 0 || designWidth <= 0 || designHeight <= 0)
    return { scale: 1, offsetX: 0, offsetY: 0 }
  const sx = viewWidth / designWidth
  const sy = viewHeight / designHeight
  const scale = mode === 'fit' ? Math.min(sx, sy) : Math.max(sx, sy)
  return {
    scale,
    offsetX: (viewWidth - designWidth * scale) / 2,
    offsetY: (viewHeight - designHeight * scale) / 2,
  }
}
