/** The wall's pages with events published over MQTT: KPIs, charts, the township drill-down, the six goals. */
import { makeEvent, shanghaiIso } from '../fixtures/events'
import { WallPage } from '../pages/wall'
import { expect, test } from './fixtures'

test('the overview shows today’s KPIs and renders its charts', async ({ page, openWall, publishEvent }) => {
  const now = shanghaiIso()
  const events = [
    makeEvent({ source: 'citizen', domain: 'service', status: 'reported', reportedAt: now, updatedAt: now }),
    makeEvent({ source: 'grid_patrol', status: 'dispatched', reportedAt: now, updatedAt: now }),
    makeEvent({ source: 'enforcement', domain: 'enforcement', status: 'in_progress', reportedAt: now, updatedAt: now }),
  ]
  const wall = await openWall(page)
  for (const event of events) await publishEvent(event)

  await wall.expectKpi('today', 3)
  await wall.expectKpi('pending', 1)
  await wall.expectKpi('in-progress', 2)
  await wall.expectKpi('overdue', 0)
  // No finished or visited event yet: the rates have nothing to divide by.
  await expect(wall.kpi('on-time')).toHaveText(/—/)
  await expect(wall.kpi('satisfaction')).toHaveText(/—/)
  await expect(wall.chartBySource).toHaveAttribute('data-total', '3')
  await expect(wall.chartByDomain).toHaveAttribute('data-total', '3')
  await expect(wall.canvasOf(wall.chartBySource)).toBeVisible()
  await expect(wall.canvasOf(wall.chartByDomain)).toBeVisible()
  await expect(wall.canvasOf(wall.chartPerHour)).toBeVisible()
  await expect(wall.ticker).toBeVisible()
  await expect(wall.goals).toHaveCount(6)
  // A wall window receives the live pushes in a worker (renderer/src/api/workerSocket.ts), which the
  // page's CSP allows; the data above came through it.
  expect(page.workers().map((w) => w.url())).toContainEqual(expect.stringMatching(/socketWorker-[\w-]+\.js$/))
})

test('a finished, visited event moves the rates; a drill event never counts', async ({
  page,
  openWall,
  publishEvent,
}) => {
  // All within today (Asia/Shanghai), which the KPIs count: a few minutes ago, or just after
  // midnight there when it is earlier (hours ago was yesterday between 00:00 and 03:00).
  const now = Date.now()
  const SHANGHAI_MS = 8 * 3600_000
  const midnight = Math.floor((now + SHANGHAI_MS) / 86_400_000) * 86_400_000 - SHANGHAI_MS
  const t0 = Math.max(now - 5 * 60_000, midnight + 1000)
  const at = (fraction: number) => shanghaiIso(new Date(t0 + (now - t0) * fraction))
  const reported = at(0)
  const late = at(0.25)
  const finished = at(0.5)
  const wall = await openWall(page)
  // On time and satisfied; late and dissatisfied; a drill event that would change both.
  await publishEvent(
    makeEvent({
      status: 'visited',
      satisfaction: 'satisfied',
      reportedAt: reported,
      updatedAt: finished,
      deadline: shanghaiIso(),
    }),
  )
  await publishEvent(
    makeEvent({
      status: 'visited',
      satisfaction: 'dissatisfied',
      reportedAt: reported,
      updatedAt: finished,
      deadline: late,
    }),
  )
  await publishEvent(
    makeEvent({
      status: 'closed',
      satisfaction: 'dissatisfied',
      reportedAt: reported,
      updatedAt: finished,
      deadline: late,
      drill: true,
    }),
  )
  await expect(wall.kpi('on-time')).toHaveAttribute('data-value', '50')
  await expect(wall.kpi('satisfaction')).toHaveAttribute('data-value', '50')
  await wall.expectKpi('today', 2)
})

// A wall opened from a workstation (not a kiosk or a browser opened at #/wall) is a workstation screen.
test('on a workstation screen the township ranking drills down to villages and back', async ({
  page,
  openWorkstation,
  publishEvent,
}) => {
  const now = shanghaiIso()
  const at = (townshipCode: string, township: string, villageCode: string, village: string) =>
    makeEvent({ reportedAt: now, updatedAt: now, location: { townshipCode, township, villageCode, village } })
  for (const e of [
    at('140724100', '乐平镇', '140724100201', '梁家沟村'),
    at('140724100', '乐平镇', '140724100201', '梁家沟村'),
    at('140724100', '乐平镇', '140724100202', '东关村'),
    at('140724102', '冶头镇', '140724102201', '东固壁村'),
  ])
    await publishEvent(e)

  await openWorkstation(page)
  const wall = new WallPage(page)
  await wall.showRoute('#/wall/map', 'wall-page-map')
  await expect(wall.townshipRanking).toHaveAttribute('data-level', 'township')
  const first = wall.rankingRows.first()
  await expect(first).toHaveAttribute('data-code', '140724100')
  await expect(first).toContainText('3')

  await first.click()
  await expect(wall.townshipRanking).toHaveAttribute('data-level', 'village')
  await expect(wall.rankingRows).toHaveCount(2)
  await expect(wall.rankingRows.first()).toHaveAttribute('data-code', '140724100201')
  await expect(wall.rankingRows.first()).toContainText('2')
  await page.getByTestId('ranking-back').click()
  await expect(wall.townshipRanking).toHaveAttribute('data-level', 'township')
  await expect(wall.rankingRows).toHaveCount(2)
})

test('hovering a goal on a workstation screen shows how it is measured; a wall screen has none', async ({
  page,
  openWall,
  openWorkstation,
}) => {
  await openWorkstation(page)
  const wall = new WallPage(page)
  await wall.showRoute('#/wall', 'wall-page-overview')
  const hazards = page.locator('[data-testid="goal"][data-goal="hazards"]')
  await expect(hazards.getByTestId('goal-definition')).toBeHidden()
  await hazards.hover()
  await expect(hazards.getByTestId('goal-definition')).toBeVisible()
  await expect(hazards.getByTestId('goal-definition')).toContainText('近30日上报的风险隐患类事件')

  // Nobody hovers over a kiosk wall: no definitions there, and no clickable ranking.
  await openWall(page)
  await expect(wall.goals).toHaveCount(6)
  await expect(page.getByTestId('goal-definition')).toHaveCount(0)
})
