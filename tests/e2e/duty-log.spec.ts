/** The duty log in the browser: a shift lead writes entries, a wrong field is explained, a correction keeps the original. */
import { makeEvent } from '../fixtures/events'
import { expect, test } from './fixtures'

test('a shift lead writes, is told what is missing, and corrects an entry', async ({
  page,
  engine,
  openWorkstation,
  publishEvent,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  // A major event arriving is noted by the engine itself.
  const major = makeEvent({ severity: 4, title: '东固壁村沟渠发现疑似遗弃危废品' })
  await publishEvent(major)
  const workstation = await openWorkstation(page, 'lead')
  await workstation.goToRoute('#/duty-log')
  const entries = page.getByTestId('duty-entry')
  await expect(entries.filter({ hasText: '4 级事件上报：东固壁村沟渠发现疑似遗弃危废品' })).toHaveCount(1)
  await expect(page.getByTestId('shift-name')).toHaveText(/^\d{4}-\d{2}-\d{2} (白班|夜班)$/)

  await page.getByTestId('duty-entry-text').fill('群众来电：冶头镇供暖不热，已转县热力公司')
  await page.getByTestId('duty-entry-submit').click()
  await expect(entries.filter({ hasText: '冶头镇供暖不热' })).toHaveCount(1)

  await page.getByTestId('duty-entry-type').click()
  await page.getByRole('option', { name: '领导批示' }).click()
  await page.getByTestId('duty-entry-text').fill('今晚加强危化品巡查')
  await page.getByTestId('duty-entry-submit').click()
  await expect(page.getByText('领导批示须填写批示人')).toBeVisible()
  await page.getByTestId('duty-entry-instructed-by').fill('县委书记')
  await page.getByTestId('duty-entry-submit').click()
  await expect(entries.filter({ hasText: '批示人：县委书记' })).toHaveCount(1)

  const call = entries.filter({ hasText: '冶头镇供暖不热' })
  await call.getByTestId('duty-entry-correct').click()
  await page.getByTestId('duty-correction-save').click()
  await expect(page.getByText('请填写更正原因')).toBeVisible()
  await page.getByTestId('duty-correction-reason').fill('应为皋落镇')
  await page.getByTestId('duty-correction-save').click()
  await expect(call.getByTestId('duty-correction')).toContainText('应为皋落镇')
  // The original stays, struck through.
  await expect(call.getByTestId('duty-entry-text-shown')).toHaveText('群众来电：冶头镇供暖不热，已转县热力公司')
  await expect(call.getByTestId('duty-entry-text-shown')).toHaveCSS('text-decoration-line', 'line-through')

  await page.getByTestId('duty-filter-text').fill('批示')
  await expect(entries).toHaveCount(0)
  await page.getByTestId('duty-filter-text').fill('县委')
  await expect(entries).toHaveCount(1)
  await page.getByTestId('duty-filter-text').fill('')
  await expect(entries).toHaveCount(3)
  await page.screenshot({ path: test.info().outputPath('duty-log-1920.png') })

  // The engine has them, with the operator as author.
  const list = await engine.get<{ items: { authorName: string; type: string }[] }>('/api/duty-log?type=call')
  expect(list.items.map((e) => e.authorName)).toEqual(['王班长'])
})

test('handover: the open items are collected, both leads sign, the record is verified', async ({
  page,
  engine,
  openWorkstation,
  publishEvent,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  const admin = await engine.sessionToken('admin')
  const created = await engine.rpc(
    'operators.create',
    { username: 'lead2', displayName: '李接班', role: 'lead', password: 'lead2-password' },
    admin,
  )
  expect(created.ok).toBe(true)
  await publishEvent(
    makeEvent({
      status: 'dispatched',
      deadline: new Date(Date.now() - 3600_000).toISOString(),
      title: '超期未办的供水维修',
    }),
  )
  const workstation = await openWorkstation(page, 'lead')
  await workstation.goToRoute('#/duty-log')
  await page.getByTestId('handover-start').click()
  const dialog = page.getByTestId('handover-dialog')
  await expect(dialog.getByTestId('handover-overdue')).toContainText('已超期 1 起')
  await expect(dialog.getByTestId('handover-overdue')).toContainText('超期未办的供水维修')
  await dialog.getByTestId('handover-sign').click()
  await expect(dialog.getByText('请填写交班小结')).toBeVisible()
  await dialog.getByTestId('handover-summary').fill('本班受理 1 起，超期 1 起需督促。')
  await dialog.getByTestId('handover-outgoing-password').fill('lead-pass-1')
  await dialog.getByTestId('handover-incoming-username').fill('lead2')
  await dialog.getByTestId('handover-incoming-password').fill('wrong-password')
  await dialog.getByTestId('handover-sign').click()
  await expect(dialog.getByText('接班人用户名或密码错误')).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('handover-dialog-1920.png') })
  await dialog.getByTestId('handover-incoming-password').fill('lead2-password')
  await dialog.getByTestId('handover-sign').click()
  await expect(dialog).toBeHidden()
  const row = page.getByTestId('handover-row')
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('handover-verified')).toHaveText('已核验')
  await expect(row).toContainText('王班长 → 李接班')
  await expect(page.getByTestId('duty-entry').filter({ hasText: '交接班完成：王班长 交给 李接班' })).toHaveCount(1)

  // The PDF and the shift's xlsx are saved from the page.
  const [pdf] = await Promise.all([page.waitForEvent('download'), row.getByTestId('handover-pdf').click()])
  expect(pdf.suggestedFilename()).toMatch(/^交接班-.*\.pdf$/)
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('duty-export').click()])
  expect(xlsx.suggestedFilename()).toMatch(/^值班日志-.*\.xlsx$/)
})
