/**
 * The wall on live simulator data at the four wall sizes (1920×1080, 3840×2160, 7680×2160 32:9,
 * 6656×1792): every page is screenshotted to test-results/screenshots/ for a person to look at,
 * and checked by DOM geometry — no widgets overlap or leave the screen, no text leaves its widget
 * or is clipped without an ellipsis, and the smallest rendered text is ≥ WALL_MIN_RENDERED_FONT_PX.
 * (Text drawn by ECharts on canvases is checked by the option builders' unit tests.)
 */
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator } from '@playwright/test'
import { createSimulator, type Simulator } from '../../electron/sim/simulator'
import { PROJECT_ROOT, startEngineProcess, type EngineProcess } from '../helpers/engine'
import { WallPage } from '../pages/wall'
import { expect, test } from './fixtures'

const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots')
/** renderer/src/views/wall/layout.ts WALL_MIN_RENDERED_FONT_PX (the tests' tsconfig does not reach the renderer). */
const WALL_MIN_RENDERED_FONT_PX = 18
const BACKLOG = 400

const it = test.extend<{ demo: { engine: EngineProcess; sim: Simulator } }>({
  demo: async ({ broker }, use) => {
    // A topic root of its own: the simulator's retained registry must not reach other specs' engines.
    const root = `ws${randomBytes(3).toString('hex')}`
    const engine = await startEngineProcess({ brokerUrl: broker.url, topicRoot: root })
    const sim = createSimulator({
      brokerUrl: broker.url,
      topicRoot: root,
      rate: 0,
      initialBacklog: BACKLOG,
      initialVideoAlerts: 6,
      videoAlertRate: 0,
      seed: 20261128,
      tickMs: 100,
      hallGraceMs: 0,
      videoRectifyDelayMs: [500, 500],
      videoRectifyShare: 0.7,
    })
    try {
      await expect
        .poll(async () => (await engine.get<{ broker: { state: string } }>('/api/health')).broker.state)
        .toBe('connected')
      await sim.start()
      await expect
        .poll(async () => (await engine.get<{ ingest: { stored: number } }>('/api/health')).ingest.stored, {
          timeout: 30_000,
        })
        .toBeGreaterThanOrEqual(BACKLOG)
      await forwardVideoAlerts(engine)
      await acknowledgeAlarms(engine)
      await use({ engine, sim })
    } finally {
      await sim.stop()
      await engine.stop()
    }
  },
})

interface AlertRow {
  id: string
  version: number
  status: string
}

/** As a duty officer: acknowledge the demo's severity-4 alarms, so the screenshots show the widgets, not the takeover (wall-alarm.spec.ts). */
async function acknowledgeAlarms(engine: EngineProcess) {
  const token = await engine.sessionToken('officer')
  const active = await engine.get<{ items: { id: number }[] }>('/api/alarms/active')
  if (active.items.length) {
    const r = await engine.rpc('alarms.acknowledge', { ids: active.items.map((a) => a.id) }, token)
    expect(r.ok).toBe(true)
  }
}

/** As a duty officer: confirm the video alerts and forward them to their property companies (the platform rectifies most). */
async function forwardVideoAlerts(engine: EngineProcess) {
  const token = await engine.sessionToken('officer')
  const alerts = (await engine.get<{ items: AlertRow[] }>('/api/video-alerts?limit=10')).items
  const current = async (id: string) => (await engine.get<{ summary: AlertRow }>(`/api/video-alerts/${id}`)).summary
  for (const alert of alerts) {
    for (const [action, params] of [
      ['confirm', {}],
      ['forward_property', { note: '请物业尽快处理', deadline: new Date(Date.now() + 86_400_000).toISOString() }],
    ] as const) {
      const before = await current(alert.id)
      const r = await engine.rpc(
        'commands.issue',
        { target: { type: 'video_alert', id: alert.id, baseVersion: before.version }, action, params },
        token,
      )
      expect(r.ok, JSON.stringify(r)).toBe(true)
      await expect.poll(async () => (await current(alert.id)).version).toBeGreaterThan(before.version)
    }
  }
}

/** Wait until a region stops changing (chart animations finished): two equal consecutive captures. */
async function waitUntilStill(target: Locator, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let previous = await target.screenshot({ animations: 'disabled' })
  while (Date.now() < deadline) {
    const current = await target.screenshot({ animations: 'disabled' })
    if (current.equals(previous)) return
    previous = current
  }
}

const SIZES = [
  { width: 1920, height: 1080, routes: ['#/wall', '#/wall/map'] },
  { width: 3840, height: 2160, routes: ['#/wall', '#/wall/map'] },
  { width: 7680, height: 2160, routes: ['#/wall'] },
  { width: 6656, height: 1792, routes: ['#/wall'] },
] as const

it.beforeAll(async () => {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
})

for (const size of SIZES) {
  it(`the wall at ${size.width}×${size.height} is legible and unclipped`, async ({ page, demo }) => {
    it.setTimeout(120_000)
    await page.setViewportSize({ width: size.width, height: size.height })
    const wall = new WallPage(page)
    for (const route of size.routes) {
      await wall.open(demo.engine.url, demo.engine.token, route)
      const pages = await wall.root.getAttribute('data-pages')
      if (pages?.includes('overview')) {
        await expect(wall.kpi('today')).toHaveAttribute('data-value', /\d+/)
        await expect(wall.canvasOf(wall.chartPerHour)).toBeVisible()
        await expect(wall.goals).toHaveCount(6)
        await expect(page.getByTestId('wall-ticker-item').first()).toBeVisible()
      }
      if (pages?.includes('map')) {
        await expect(wall.map).toHaveAttribute('data-source', 'outline')
        await expect(wall.rankingRows).toHaveCount(11)
        await expect(wall.gridTile('grids')).toHaveAttribute('data-value', '353')
        await expect(wall.gridTile('microGrids')).toHaveAttribute('data-value', '3447')
        await expect(wall.gridTile('dedicatedGrids')).toHaveAttribute('data-value', '699')
        await expect(wall.videoAlerts.first()).toBeVisible()
        await expect(
          page.locator('[data-testid="wall-video-alert"] [data-testid="snapshot"][data-loaded="true"]').first(),
        ).toBeVisible()
        await waitUntilStill(wall.map)
      }
      await waitUntilStill(wall.root)
      const name = `wall-${route === '#/wall' ? 'overview' : 'map'}-${size.width}x${size.height}.png`
      await page.screenshot({ path: join(SCREENSHOT_DIR, name) })

      const report = await wall.layoutReport()
      const where = `${route} at ${size.width}×${size.height}`
      expect(report.viewport, where).toEqual({ width: size.width, height: size.height })
      expect(report.widgets.length, where).toBeGreaterThanOrEqual(pages?.includes(',') ? 12 : 6)
      expect(report.overlaps, `overlapping widgets ${where}`).toEqual([])
      expect(report.offscreen, `widgets off screen ${where}`).toEqual([])
      expect(report.overflows, `text out of its box ${where}`).toEqual([])
      expect(report.textOverlaps, `text over text ${where}`).toEqual([])
      expect(report.textCount, where).toBeGreaterThan(50)
      expect(report.minFontPx, `smallest text "${report.minFontText}" ${where}`).toBeGreaterThanOrEqual(
        WALL_MIN_RENDERED_FONT_PX,
      )
    }
  })
}
