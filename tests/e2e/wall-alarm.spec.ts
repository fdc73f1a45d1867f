/**
 * Alarms that cannot be missed: a severity-4 real event published on the broker takes over the
 * wall (banner, flashing frame), a duty officer acknowledges it on a workstation, the banner leaves
 * the wall; a drill event never raises one. The wall with an alarm is screenshotted at 1920×1080
 * and 3840×2160 to test-results/screenshots/ for a person to look at.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { makeEvent, shanghaiIso } from '../fixtures/events'
import { PROJECT_ROOT } from '../helpers/engine'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots')

/** Keeps every AudioContext the page creates in `__zsAudioContexts`, to read their states. */
const TRACK_AUDIO_CONTEXTS = `(() => {
  const Base = window.AudioContext
  if (!Base) return
  window.__zsAudioContexts = []
  window.AudioContext = class extends Base {
    constructor(...args) {
      super(...args)
      window.__zsAudioContexts.push(this)
    }
  }
})()`
const audioStates = (page: Page) =>
  page.evaluate(() =>
    ((globalThis as unknown as { __zsAudioContexts?: { state: string }[] }).__zsAudioContexts ?? []).map(
      (c) => c.state,
    ),
  )

test('a severity-4 event takes over the wall until a workstation acknowledges it', async ({
  page,
  context,
  openWall,
  openWorkstation,
  publishEvent,
}) => {
  const now = shanghaiIso()
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.addInitScript({ content: TRACK_AUDIO_CONTEXTS })
  const wall = await openWall(page)
  const takeover = page.getByTestId('alarm-takeover')
  // Some ordinary traffic first: none of it is an alarm.
  for (const severity of [1, 2, 3, 2, 1])
    await publishEvent(makeEvent({ severity, status: 'reported', reportedAt: now, updatedAt: now }))
  await expect(wall.ticker).toContainText(/./)
  await expect(takeover).toHaveCount(0)

  const major = makeEvent({
    severity: 4,
    title: '乐平镇化工园区储罐泄漏起火，周边村庄紧急疏散',
    status: 'reported',
    reportedAt: now,
    updatedAt: now,
  })
  await publishEvent(major)
  await expect(takeover).toBeVisible()
  await expect(takeover).toHaveAttribute('data-event-id', major.id)
  await expect(takeover).toHaveAttribute('data-severity', '4')
  await expect(page.getByTestId('alarm-title')).toHaveText(major.title)
  await expect(takeover).toContainText(major.location.township!)
  // The frame around the wall flashes: dimmed and back, twice a second.
  const frame = page.getByTestId('alarm-frame')
  await expect(frame).toHaveClass(/\bdim\b/)
  await expect(frame).not.toHaveClass(/\bdim\b/)
  await expect(frame).toHaveCSS('animation-name', 'none')
  // A browser wall without a click may not play sound yet (Chromium's autoplay policy decides):
  // then it offers the one-time button; with audio already allowed there is none.
  await expect(takeover).toHaveAttribute('data-sound', /^(running|suspended)$/)
  const soundSuspended = (await takeover.getAttribute('data-sound')) === 'suspended'
  await expect(page.getByTestId('alarm-sound-prompt')).toHaveCount(soundSuspended ? 1 : 0)

  await mkdir(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'wall-alarm-1920x1080.png') })
  await page.setViewportSize({ width: 3840, height: 2160 })
  await expect(takeover).toBeVisible()
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'wall-alarm-3840x2160.png') })
  if (soundSuspended) {
    // One click (a user gesture) lets the page play sound: the prompt goes away.
    await page.getByTestId('alarm-sound-prompt').click()
    await expect(page.getByTestId('alarm-sound-prompt')).toHaveCount(0)
    await expect(takeover).toHaveAttribute('data-sound', 'running')
  }

  // The tone plays: the page's audio context runs while the alarm is on.
  await expect.poll(() => audioStates(page)).toContain('running')

  const desk = await context.newPage()
  await openWorkstation(desk, 'officer')
  const bar = desk.getByTestId('alarm-bar')
  await expect(bar).toBeVisible()
  await expect(desk.getByTestId('alarm-bar-title')).toHaveText(major.title)
  await desk.screenshot({ path: join(SCREENSHOT_DIR, 'workstation-alarm-bar.png') })
  await desk.getByTestId('alarm-acknowledge').click()
  await expect(bar).toHaveCount(0)
  // Pushed live: the wall lets go without a reload.
  await expect(takeover).toHaveCount(0)
  // Silent, the audio context is suspended (a running one renders silence on its own thread).
  await expect.poll(() => audioStates(page), { timeout: 10_000 }).not.toContain('running')
  await expect.poll(() => audioStates(page)).toContain('suspended')
})

test('a drill event never takes over the wall; a read-only workstation role cannot acknowledge', async ({
  page,
  context,
  openWall,
  openWorkstation,
  publishEvent,
  publishRaw,
  engine,
}) => {
  const now = shanghaiIso()
  await openWall(page)
  const drill = makeEvent({ severity: 4, title: '演练：水库溃坝', drill: true, reportedAt: now, updatedAt: now })
  const drillRun = makeEvent({ severity: 4, title: '演练：山体滑坡', drill: true, reportedAt: now, updatedAt: now })
  await publishEvent(drill)
  await publishRaw(`${engine.topicRoot}/drill/run-e2e/events/${drillRun.source}`, drillRun)
  // Then a real, ordinary event: once it is on the ticker the drill events were ingested before it.
  const marker = makeEvent({ severity: 1, title: '普通事件标记', reportedAt: now, updatedAt: now })
  await publishEvent(marker)
  await expect(page.getByTestId('wall').getByText(marker.title)).toBeVisible()
  await expect(page.getByTestId('alarm-takeover')).toHaveCount(0)
  const active = await engine.get<{ total: number }>('/api/alarms/active')
  expect(active.total).toBe(0)

  // A real one now; a trainer sees it but has no acknowledge button.
  await publishEvent(makeEvent({ severity: 4, title: '真实特别重大事件', reportedAt: now, updatedAt: now }))
  await expect(page.getByTestId('alarm-takeover')).toBeVisible()
  const desk = await context.newPage()
  await openWorkstation(desk, 'trainer')
  await expect(desk.getByTestId('alarm-bar')).toBeVisible()
  await expect(desk.getByTestId('alarm-acknowledge')).toHaveCount(0)
})
