/**
 * The daily zero-report board end to end: the real engine host against a real Mosquitto, fed by
 * the platform simulator's zero reports (yesterday's all, today's as they fall due), in Chromium.
 * Yesterday is the stable day to check: its deadline has passed and every planned report is in
 * (one township late, two missing).
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import mqtt from 'mqtt'
import type { ZeroReportBoard } from '../../electron/contract'
import { createSimulator, type Simulator } from '../../electron/sim/simulator'
import { startEngineProcess, TEST_OPERATORS, type EngineProcess } from '../helpers/engine'
import { expect, test } from './fixtures'
import { ZeroReportsPage } from '../pages/zero-reports'

const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots')

const it = test.extend<{ county: { engine: EngineProcess; sim: Simulator } }>({
  county: async ({ broker }, use) => {
    const root = `zr${randomBytes(3).toString('hex')}`
    const engine = await startEngineProcess({ brokerUrl: broker.url, topicRoot: root })
    const sim = createSimulator({
      brokerUrl: broker.url,
      topicRoot: root,
      rate: 0,
      initialBacklog: 0,
      videoAlertRate: 0,
      initialVideoAlerts: 0,
      seed: 7,
      tickMs: 200,
    })
    try {
      await expect
        .poll(async () => (await engine.get<{ broker: { state: string } }>('/api/health')).broker.state)
        .toBe('connected')
      await sim.start()
      await use({ engine, sim })
    } finally {
      await sim.stop()
      const c = await mqtt.connectAsync(broker.url, { clientId: `${root}-cleaner` })
      await c.publishAsync(`${root}/registry`, '', { qos: 1, retain: true })
      await c.endAsync()
      await engine.stop()
    }
  },
})

const yesterdayOf = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

it('shows every township with its state today and yesterday, missing ones highlighted after the deadline', async ({
  page,
  county,
}) => {
  const { engine } = county
  const today = (await engine.get<ZeroReportBoard>('/api/zero-reports')).date
  const yesterday = yesterdayOf(today)
  // Yesterday is complete: 11 townships, one late, two missing.
  await expect
    .poll(async () => (await engine.get<ZeroReportBoard>(`/api/zero-reports?date=${yesterday}`)).counts)
    .toEqual({ townships: 11, onTime: 8, late: 1, missing: 2 })

  await engine.sessionToken('officer')
  const board = new ZeroReportsPage(page)
  board.operator = TEST_OPERATORS.officer
  await board.open(engine.url, engine.token)
  await expect(board.townships).toHaveCount(11)

  // Today: what the engine says, with "missing" shown as "not yet" before the deadline.
  const todayBoard = await engine.get<ZeroReportBoard>('/api/zero-reports')
  for (const tw of todayBoard.townships) {
    const shown = tw.state === 'missing' && !todayBoard.deadlinePassed ? 'waiting' : tw.state
    await expect(board.township(tw.code)).toHaveAttribute('data-state', shown)
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'zero-reports.png') })

  // History by day: yesterday, deadline passed.
  await board.previousDay.click()
  await expect(board.deadline).toContainText('已过截止时间')
  await expect(page.locator('[data-testid="zero-township"][data-state="missing"]')).toHaveCount(2)
  await expect(page.locator('[data-testid="zero-township"][data-state="late"]')).toHaveCount(1)
  await expect(page.locator('[data-testid="zero-township"][data-state="on_time"]')).toHaveCount(8)
  await expect(board.counts).toContainText('未报 2')
  const yesterdayBoard = await engine.get<ZeroReportBoard>(`/api/zero-reports?date=${yesterday}`)
  const missing = yesterdayBoard.townships.filter((t) => t.state === 'missing')
  for (const t of missing) await expect(board.township(t.code).getByTestId('zero-township-state')).toHaveText('未报')
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'zero-reports-yesterday.png') })

  // The date picker goes to any day; a day without reports shows everyone missing.
  await board.chooseDate('2026-01-05')
  await expect(page.locator('[data-testid="zero-township"][data-state="missing"]')).toHaveCount(11)
})
