/**
 * The big-screen wall (`#/wall` overview, `#/wall/map`; designed on 1920×1080, both pages side by
 * side on 32:9 walls): KPI cards, charts, rankings, map, ticker, video alerts, six goals.
 */
import { expect, type Locator } from '@playwright/test'
import { AppPage } from './app'

export type KpiName =
  'today' | 'pending' | 'in-progress' | 'overdue' | 'on-time' | 'satisfaction' | 'video-alerts' | 'zero-reports'

/** What `layoutReport()` measures on the rendered page (see WALL_GEOMETRY_SCRIPT). */
export interface WallLayoutReport {
  viewport: { width: number; height: number }
  scale: number
  canvas: string
  pages: string
  widgets: { name: string; x: number; y: number; width: number; height: number }[]
  /** Pairs of widgets whose boxes intersect. */
  overlaps: string[]
  /** Widgets not entirely on screen. */
  offscreen: string[]
  /** Text that leaves its widget's box, or overflows its own element without an ellipsis. */
  overflows: string[]
  /** Pairs of texts of one widget drawn over each other. */
  textOverlaps: string[]
  /** Texts cut with an ellipsis (allowed for long free text: titles, names). */
  truncated: number
  textCount: number
  /** The smallest rendered font size of any visible text, CSS px on screen (font size × scale). */
  minFontPx: number
  minFontText: string
}

/**
 * Runs in the page (a string: the tests' tsconfig has no DOM lib). Text nodes are measured with
 * Range rects, which are on-screen (transformed) pixels; font sizes are layout pixels, multiplied
 * by the canvas scale.
 */
const WALL_GEOMETRY_SCRIPT = `(() => {
  const wall = document.querySelector('[data-testid="wall"]')
  const canvas = document.querySelector('[data-testid="wall-canvas"]')
  const scale = Number(canvas.getAttribute('data-scale'))
  const vw = window.innerWidth, vh = window.innerHeight
  const box = (r) => ({ x: r.left, y: r.top, width: r.width, height: r.height })
  const widgets = [...wall.querySelectorAll('[data-widget]')].map((el) => ({ el, name: el.getAttribute('data-widget'), r: el.getBoundingClientRect() }))
  const overlaps = [], offscreen = [], overflows = []
  const T = 0.75
  for (let i = 0; i < widgets.length; i++) {
    const a = widgets[i]
    if (a.r.left < -T || a.r.top < -T || a.r.right > vw + T || a.r.bottom > vh + T) offscreen.push(a.name)
    for (let j = i + 1; j < widgets.length; j++) {
      const b = widgets[j]
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left)
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top)
      if (w > T && h > T) overlaps.push(a.name + ' × ' + b.name)
    }
  }
  const walker = document.createTreeWalker(wall, NodeFilter.SHOW_TEXT)
  let minFont = Infinity, minFontText = '', truncated = 0, textCount = 0
  const seen = new Set()
  const placed = []
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim()
    if (!text) continue
    const el = n.parentElement
    const style = getComputedStyle(el)
    if (style.visibility === 'hidden' || style.display === 'none') continue
    const range = document.createRange()
    range.selectNodeContents(n)
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0)
    if (!rects.length) continue
    textCount++
    const font = parseFloat(style.fontSize) * scale
    if (font < minFont) { minFont = font; minFontText = text.slice(0, 40) }
    // The element that clips this text with an ellipsis, if any (the text itself may extend past it).
    let clip = null
    for (let e = el; e && e !== wall; e = e.parentElement) {
      const s = getComputedStyle(e)
      if (s.textOverflow === 'ellipsis' && s.overflow !== 'visible') { clip = e; break }
    }
    const widget = el.closest('[data-widget]')
    // Text stays inside its own box (a card, a tile) and its widget.
    const holder = el.closest('[data-box]') || widget
    const bounds = holder ? holder.getBoundingClientRect() : { left: 0, top: 0, right: vw, bottom: vh }
    const shown = clip ? [clip.getBoundingClientRect()] : rects
    // The em box of each line (CJK fonts' content areas are ~1.45 em, taller than the glyphs).
    for (const r of shown) {
      const pad = Math.max(0, (r.height - font) / 2)
      placed.push({ el: clip || el, widget, text, r: { left: r.left, right: r.right, top: r.top + pad, bottom: r.bottom - pad } })
    }
    for (const r of shown) {
      if (r.left < bounds.left - T || r.right > bounds.right + T || r.top < bounds.top - T || r.bottom > bounds.bottom + T) {
        overflows.push((widget ? widget.getAttribute('data-widget') : 'page') + ': ' + text.slice(0, 40))
        break
      }
    }
    if (clip) {
      if (clip.scrollWidth > clip.clientWidth + 1 && !seen.has(clip)) { truncated++; seen.add(clip) }
    } else if (el.scrollWidth > el.clientWidth + 1 && style.overflow !== 'visible' && !seen.has(el)) {
      seen.add(el)
      overflows.push('clipped: ' + text.slice(0, 40))
    }
  }
  const textOverlaps = []
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i], b = placed[j]
      if (a.widget !== b.widget || a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left)
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top)
      if (w > 1 && h > 1) textOverlaps.push(a.text.slice(0, 20) + ' × ' + b.text.slice(0, 20))
    }
  }
  return {
    viewport: { width: vw, height: vh },
    scale,
    canvas: wall.getAttribute('data-canvas'),
    pages: wall.getAttribute('data-pages'),
    widgets: widgets.map((w) => ({ name: w.name, ...box(w.r) })),
    overlaps, offscreen, overflows, textOverlaps, truncated, textCount,
    minFontPx: minFont, minFontText,
  }
})()`

export class WallPage extends AppPage {
  async open(engineUrl: string, token: string, route = '#/wall'): Promise<void> {
    await this.openAt(engineUrl, token, route)
  }

  /**
   * Switch the open app to `route` until `testId` shows: right after signing in, the workstation
   * may still be settling its own route and replace the hash once more.
   */
  async showRoute(route: string, testId: string): Promise<void> {
    const marker = this.page.getByTestId(testId)
    await expect(async () => {
      await this.goToRoute(route)
      await expect(marker).toBeVisible({ timeout: 2000 })
    }).toPass({ timeout: 20_000 })
  }

  kpi(name: KpiName): Locator {
    return this.page.getByTestId(`kpi-${name}`)
  }

  kpiValue(name: KpiName): Promise<number> {
    return AppPage.numberIn(this.kpi(name))
  }

  async expectKpi(name: KpiName, value: number): Promise<void> {
    await expect.poll(() => this.kpiValue(name).catch(() => NaN), { message: `kpi-${name}` }).toBe(value)
  }

  get root(): Locator {
    return this.page.getByTestId('wall')
  }

  get chartBySource(): Locator {
    return this.page.getByTestId('chart-by-source')
  }

  get chartByDomain(): Locator {
    return this.page.getByTestId('chart-by-domain')
  }

  get chartPerHour(): Locator {
    return this.page.getByTestId('chart-per-hour')
  }

  get map(): Locator {
    return this.page.getByTestId('county-map')
  }

  get townshipRanking(): Locator {
    return this.page.getByTestId('township-ranking')
  }

  get rankingRows(): Locator {
    return this.page.getByTestId('ranking-row')
  }

  get goals(): Locator {
    return this.page.getByTestId('goal')
  }

  get videoAlerts(): Locator {
    return this.page.getByTestId('wall-video-alert')
  }

  gridTile(name: 'grids' | 'microGrids' | 'dedicatedGrids' | 'gridWorkers' | 'households'): Locator {
    return this.page.getByTestId(`grid-${name}`)
  }

  /** ECharts renders into a <canvas> inside the chart's container. */
  canvasOf(chart: Locator): Locator {
    return chart.locator('canvas').first()
  }

  get ticker(): Locator {
    return this.page.getByTestId('wall-ticker')
  }

  /** Measures widget boxes, text boxes and rendered font sizes (see WallLayoutReport). */
  layoutReport(): Promise<WallLayoutReport> {
    return this.page.evaluate(WALL_GEOMETRY_SCRIPT) as Promise<WallLayoutReport>
  }
}
