/**
 * Screenshots for a person to look at (1920×1080, Debian Chromium with Noto CJK): the workstation
 * with ~30 events, an event detail, the quarantine page and the wall. Saved to
 * test-results/screenshots/. Only the basics are asserted here; the other specs test behaviour.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator } from '@playwright/test'
import { PROJECT_ROOT } from '../helpers/engine'
import { eventTopic, nextVersion, sampleEvents } from '../fixtures/events'
import { expect, test } from './fixtures'

const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots')
const EVENT_COUNT = 30

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

test.beforeAll(async () => {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
})

test('screenshots of the workstation, an event detail and the quarantine page', async ({
  page,
  openWorkstation,
  publishEvent,
  publishRaw,
  counters,
}) => {
  const events = sampleEvents(EVENT_COUNT)
  for (const event of events) await publishEvent(event)
  // One event with a trace of three versions, to show in the detail: the newest reported, so that
  // its row is at the top of the (virtualised) list.
  const traced = events[events.length - 1]
  await publishEvent(nextVersion(traced, 'in_progress'))
  await publishEvent(nextVersion(nextVersion(traced, 'in_progress'), 'resolved'))
  await publishRaw(eventTopic('citizen'), '{"schema":"zs.event/1", broken')
  await expect.poll(async () => (await counters()).stored).toBe(EVENT_COUNT + 2)

  // The administrator: the quarantine page below is theirs.
  const workstation = await openWorkstation(page, 'admin')
  await workstation.expectBrokerConnected()
  await expect(workstation.rows.first()).toBeVisible()
  await workstation.expectCounter('stored', EVENT_COUNT + 2)
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'workstation.png') })

  await workstation.openDetail(traced.id)
  await expect(workstation.detailVersions.first()).toBeVisible()
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'workstation-detail.png') })

  await workstation.goToRoute('#/quarantine')
  await expect(page.getByTestId('quarantine-row')).toHaveCount(1)
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'quarantine.png') })
})

test('screenshot of the wall', async ({ page, openWall, publishEvent, counters }) => {
  for (const event of sampleEvents(EVENT_COUNT)) await publishEvent(event)
  await expect.poll(async () => (await counters()).stored).toBe(EVENT_COUNT)

  const wall = await openWall(page)
  await expect(wall.kpi('today')).toHaveAttribute('data-value', /\d+/)
  await expect(wall.canvasOf(wall.chartBySource)).toBeVisible()
  await expect(wall.canvasOf(wall.chartPerHour)).toBeVisible()
  await waitUntilStill(wall.chartBySource)
  await waitUntilStill(wall.chartPerHour)
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'wall.png') })
})
