/**
 * An emergency drill end to end in Chromium: the trainer imports a short scenario (a bad file is
 * explained in Chinese), starts it; the officer's workstation and the wall show the drill banner,
 * the drill events carry the 演练 mark and watermark; the officer accepts and dispatches; the
 * trainer skips the waits, notes, finishes; the report shows the measured timings; real KPIs and
 * rankings are the same as before. Screenshots at 1920×1080.
 */
import type { Page } from '@playwright/test'
import { buildXiyangRegistry } from '../../electron/sim/county'
import { makeEvent } from '../fixtures/events'
import { WorkbenchPage } from '../pages/workstation'
import { expect, test } from './fixtures'

const SHORT_SCENARIO = {
  schema: 'zs.drill_scenario/1',
  name: '短时演练：东固壁村危废品',
  description: 'e2e',
  injects: [
    {
      id: 'I01',
      at: '00:00',
      kind: 'event',
      source: 'grid_patrol',
      domain: 'governance',
      category: 'hazardous_waste',
      severity: 3,
      title: '东固壁村北沟发现疑似遗弃危废品',
      townshipCode: '140724102',
      villageCode: '140724102206',
      expected: { action: 'dispatch', unitId: 'U-ECO', withinSec: 600 },
    },
    {
      id: 'I02',
      at: '01:00',
      kind: 'follow_up',
      followsInjectId: 'I01',
      title: '续报：桶体渗漏',
      description: '部分桶体渗漏',
    },
    {
      id: 'I03',
      at: '02:00',
      kind: 'event',
      source: 'citizen',
      domain: 'service',
      category: 'illegal_discharge',
      severity: 2,
      title: '东冶头村村民反映沟渠水发黑',
      townshipCode: '140724102',
      expected: { action: 'accept', withinSec: 300 },
    },
  ],
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(name) })
  const dir = process.env.ZS_PW_OUTPUT_DIR
  if (dir) await page.screenshot({ path: `${dir}/${name}` })
}

test('a short drill at speed: watermark, trainee actions, measured timings, real KPIs unchanged', async ({
  page,
  context,
  engine,
  openWorkstation,
  openWall,
  operatorFor,
  publishEvent,
  publisher,
}) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1920, height: 1080 })
  // The county's reference data, as the platform publishes it (the dispatch form's units).
  await publisher.publish(`${engine.topicRoot}/registry`, buildXiyangRegistry(1), { retain: true })
  await expect.poll(async () => (await engine.get<{ version: number | null }>('/api/registry')).version).toBe(1)
  await publishEvent(makeEvent({ id: 'EV-REAL-1', severity: 3 }))
  await publishEvent(makeEvent({ id: 'EV-REAL-2', severity: 2, status: 'accepted' }))
  const realFigures = async () => {
    const token = await engine.sessionToken('officer')
    const one = async (m: string) => {
      const r = await engine.rpc<Record<string, unknown>>(m, {}, token)
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`)
      return JSON.parse(JSON.stringify(r.value, (k, v) => (k === 'generatedAt' || k === 'asOf' ? undefined : v)))
    }
    return { kpis: await one('stats.kpis'), overview: await one('stats.overview'), units: await one('stats.units') }
  }
  await expect.poll(async () => (await realFigures()).overview.total).toBe(2)
  const before = await realFigures()

  // The trainer: a bad file is explained, a good one imported.
  const trainer = await openWorkstation(page, 'trainer')
  await expect(page.getByTestId('nav-drills')).toBeVisible()
  await trainer.goToRoute('#/drills')
  await expect(page.getByTestId('scenario-row')).toHaveCount(5)
  await page.getByTestId('scenario-import-file').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ name: '坏预案', injects: [{ id: 'X', at: '1 分钟', kind: 'event' }] })),
  })
  await expect(page.getByTestId('scenario-import-error')).toContainText('injects[0].at：时间应写成 分:秒')
  await page.getByTestId('scenario-import-file').setInputFiles({
    name: 'short.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(SHORT_SCENARIO)),
  })
  const row = page.getByTestId('scenario-row').filter({ hasText: SHORT_SCENARIO.name })
  await expect(row).toHaveCount(1)
  await shot(page, 'drill-scenarios-1920.png')
  // A trainer edits it in the UI.
  await page
    .locator('.el-table__row')
    .filter({ hasText: SHORT_SCENARIO.name })
    .getByRole('button', { name: '编辑' })
    .click()
  await expect(page.getByTestId('scenario-inject')).toHaveCount(3)
  await page.getByTestId('scenario-name').fill(`${SHORT_SCENARIO.name}（改）`)
  await shot(page, 'drill-editor-1920.png')
  await page.getByTestId('scenario-save').click()
  await expect(page.getByTestId('scenario-row').filter({ hasText: '（改）' })).toHaveCount(1)
  const scenarioId = await row.getAttribute('data-scenario-id')
  await page.getByTestId(`scenario-start-${scenarioId}`).click()
  await expect(page.getByTestId('drill-run')).toHaveAttribute('data-state', 'running')
  await expect(page.getByTestId('drill-banner')).toBeVisible()

  // The officer sees the banner and the drill event with its mark and watermark, and acts.
  const officerPage = await context.newPage()
  await officerPage.setViewportSize({ width: 1920, height: 1080 })
  const wb = new WorkbenchPage(officerPage)
  wb.operator = await operatorFor('officer')
  await wb.open(engine.url, engine.token)
  await expect(officerPage.getByTestId('drill-banner')).toContainText(SHORT_SCENARIO.name)
  await wb.queueTab('all').click()
  const drillRow = officerPage.locator('[data-testid="event-row"][data-event-id="DRILL-I01"]')
  await expect(drillRow).toHaveAttribute('data-drill-run', /.+/)
  await expect(drillRow).toContainText('演练')
  await drillRow.click()
  await expect(wb.detail.getByTestId('drill-watermark')).toBeVisible()
  await expect(wb.detail.getByTestId('event-detail-drill')).toBeVisible()
  await wb.action('accept').click()
  await wb.expectDetailVersion(2)
  await wb.action('dispatch').click()
  await wb.chooseUnit('县生态环境局')
  await wb.submit()
  await expect(wb.dialog).toHaveCount(0)
  await wb.expectDetailVersion(3)
  await shot(officerPage, 'drill-workstation-1920.png')

  // The wall shows the banner too.
  const wallPage = await context.newPage()
  await wallPage.setViewportSize({ width: 1920, height: 1080 })
  await openWall(wallPage)
  await expect(wallPage.getByTestId('drill-banner')).toBeVisible()
  await shot(wallPage, 'drill-wall-1920.png')
  await wallPage.close()

  // The trainer skips the waits (the follow-up and the last inject go out), notes, finishes.
  await page.bringToFront()
  await page.getByTestId('drill-skip').click()
  await expect(page.getByTestId('drill-banner')).toContainText('已注入 2/3')
  await page.getByTestId('drill-skip').click()
  await expect(page.getByTestId('drill-banner')).toContainText('已注入 3/3')
  await expect(officerPage.locator('[data-testid="event-row"][data-event-id="DRILL-I03"]')).toHaveCount(1)
  await page.getByTestId('drill-note').fill('首条派遣正确；第二条无人受理')
  await page.getByTestId('drill-add-note').click()
  await expect(page.getByTestId('drill-report')).toContainText('首条派遣正确')
  await shot(page, 'drill-run-1920.png')
  await page.getByTestId('drill-finish').click()
  await page
    .getByRole('button', { name: 'OK' })
    .or(page.getByRole('button', { name: '确定' }))
    .click()

  // The report: measured timings (not asserted against the clock), missed inject, score and rules.
  const report = page.getByTestId('drill-report')
  await expect(report).toHaveAttribute('data-state', 'finished')
  await expect(report.locator('[data-testid="drill-accept-sec"][data-inject="I01"]')).toHaveText(/^\d+(\.\d)? 秒$/)
  await expect(report.locator('[data-testid="drill-dispatch-sec"][data-inject="I01"]')).toHaveText(/^\d+(\.\d)? 秒$/)
  await expect(report.locator('[data-testid="drill-result"][data-inject="I01"]')).toHaveText('按时')
  await expect(report.locator('[data-testid="drill-result"][data-inject="I03"]')).toHaveText('漏报')
  await expect(page.getByTestId('drill-missed')).toHaveText('1')
  await expect(page.getByTestId('drill-rules')).toContainText('时效 60 分')
  await expect(page.getByTestId('drill-timeline').locator('canvas')).toHaveCount(1)
  // One trainee, who did the first inject's expected action in time.
  await expect(report.getByTestId('drill-trainee')).toHaveCount(1)
  await expect(report.getByTestId('drill-trainee-expected')).toHaveText('1（其中按时 1）')
  await expect(officerPage.getByTestId('drill-banner')).toHaveCount(0)
  await shot(page, 'drill-report-1920.png')

  // Real statistics and rankings did not move.
  expect(await realFigures()).toEqual(before)
  // The drill methods are documented with the rest.
  const doc = (await engine.api<never>('/api/openapi.json')).body as unknown as { paths: Record<string, unknown> }
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/drills/active', '/api/drills/runs/{runId}/report']),
  )
  expect(JSON.stringify(doc)).toContain('drills.start')
})
