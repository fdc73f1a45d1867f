/** The first wall page: KPI cards and two ECharts charts. */
import { makeEvent, shanghaiIso } from '../fixtures/events'
import { expect, test } from './fixtures'

test('the wall shows KPIs and renders both charts', async ({ page, openWall, publishEvent }) => {
  const now = shanghaiIso()
  const events = [
    makeEvent({ source: 'citizen', status: 'reported', reportedAt: now, updatedAt: now }),
    makeEvent({ source: 'grid_patrol', status: 'dispatched', reportedAt: now, updatedAt: now }),
    makeEvent({ source: 'enforcement', status: 'in_progress', reportedAt: now, updatedAt: now }),
  ]
  const wall = await openWall(page)
  for (const event of events) await publishEvent(event)

  await wall.expectKpi('total', 3)
  await wall.expectKpi('today', 3)
  for (const name of ['pending', 'in-progress', 'overdue'] as const) {
    await expect(wall.kpi(name)).toBeVisible()
    await expect(wall.kpi(name)).toHaveText(/\d/)
  }
  await expect(wall.canvasOf(wall.chartBySource)).toBeVisible()
  await expect(wall.canvasOf(wall.chartPerHour)).toBeVisible()
  await expect(wall.ticker).toBeVisible()
})
