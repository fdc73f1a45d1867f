/**
 * 一周一督办、一月一通报 end to end: events with their versions published to a real Mosquitto, the
 * real engine host, Chromium: the monthly report per unit and the weekly supervision list show the
 * figures, and both export as files that are what they claim (xlsx read back, PDF signature).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { ZsEvent } from '../../electron/contract'
import { validEvent } from '../../electron/engine/domain/test-event'
import { toShanghaiIso } from '../../electron/sim/time'
import { TEST_OPERATORS } from '../helpers/engine'
import { ReportsPage } from '../pages/reports'
import { expect, test } from './fixtures'

const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots')
const H = 3_600_000

test('monthly report and weekly supervision list, exported as xlsx and PDF', async ({ page, engine, publishEvent }) => {
  // This week's events: one handled in time and visited satisfied, one overdue and supervised.
  const t0 = Date.now() - 30 * H
  const iso = (ms: number) => toShanghaiIso(ms)
  const eco = { assignee: { unitId: 'U-ECO', unitName: '县生态环境局' } }
  const steps = (id: string, list: [ZsEvent['status'], number, Partial<ZsEvent>?][]) =>
    list.map(([status, ms, extra], i) =>
      validEvent({ id, version: i + 1, status, reportedAt: iso(t0), updatedAt: iso(ms), ...extra }),
    )
  const events = [
    ...steps('EV-RPT-A', [
      ['reported', t0],
      ['dispatched', t0 + H, { ...eco, deadline: iso(t0 + 20 * H) }],
      ['in_progress', t0 + 1.5 * H, { ...eco, deadline: iso(t0 + 20 * H) }],
      ['resolved', t0 + 5 * H, eco],
      ['visited', t0 + 6 * H, { ...eco, satisfaction: 'satisfied' }],
    ]),
    ...steps('EV-RPT-B', [
      ['reported', t0],
      ['dispatched', t0 + H, { ...eco, deadline: iso(t0 + 2 * H), title: '城区供暖管道泄漏' }],
      ['dispatched', t0 + 3 * H, { ...eco, deadline: iso(t0 + 2 * H), supervision: { level: 2, note: '请加快' } }],
    ]),
  ]
  for (const e of events) await publishEvent(e)
  await expect.poll(async () => (await engine.get<{ items: unknown[] }>('/api/events?limit=10')).items.length).toBe(2)

  await engine.sessionToken('officer')
  const reports = new ReportsPage(page)
  reports.operator = TEST_OPERATORS.officer
  await reports.open(engine.url, engine.token)
  // Events near the start of a month may fall in the previous one: the report of the month of t0.
  const month = iso(t0 + H).slice(0, 7)
  const monthly = await engine.get<{ month: string }>(`/api/reports/monthly-units?month=${month}`)
  expect(monthly.month).toBe(month)
  if (month === iso(Date.now()).slice(0, 7)) {
    await expect(reports.monthlyRows).toHaveCount(1)
    await expect(reports.monthlyRows.first()).toContainText('县生态环境局')
    // EV-RPT-A was signed for half an hour after its dispatch: in time within the default 2 h,
    // late once the limit is a quarter of an hour (the control beside the month).
    const acceptedInTime = reports.monthlyRows.first().locator('td').nth(2)
    await expect(acceptedInTime).toHaveText('1')
    const limit = page.locator('[data-testid="receipt-limit"] input, input[data-testid="receipt-limit"]').first()
    await limit.fill('0.25')
    await limit.blur()
    await expect(acceptedInTime).toHaveText('0')
    await expect(page.getByTestId('reports-page')).toContainText('0.25 小时内签收')
    await limit.fill('2')
    await limit.blur()
    await expect(acceptedInTime).toHaveText('1')
  }
  await expect(reports.weeklyRows.filter({ hasText: 'EV-RPT-B' })).toHaveCount(1)
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'supervision-reports.png') })

  const [xlsx] = await Promise.all([page.waitForEvent('download'), reports.exportButton('weekly', 'xlsx').click()])
  expect(xlsx.suggestedFilename()).toMatch(/^督办清单-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer)
  const ids = wb.worksheets[0].getColumn(1).values
  expect(ids).toContain('EV-RPT-B')

  const [pdf] = await Promise.all([page.waitForEvent('download'), reports.exportButton('monthly', 'pdf').click()])
  expect(pdf.suggestedFilename()).toMatch(/^月度通报-\d{4}-\d{2}\.pdf$/)
  expect(
    readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-')
})
