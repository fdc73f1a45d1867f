/**
 * After the handover, on the next shift's workstation: the carried-over items until each is dealt
 * with (by its state, or marked done with a note); the roster edited by the lead and shown in the
 * header of every page; the administrator's backups and duty-log integrity.
 */
import { makeEvent } from '../fixtures/events'
import { expect, test } from './fixtures'

test('the next shift sees the carried-over items until each is dealt with', async ({
  page,
  engine,
  openWorkstation,
  publishEvent,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  const admin = await engine.sessionToken('admin')
  expect(
    (
      await engine.rpc(
        'operators.create',
        { username: 'lead2', displayName: '李接班', role: 'lead', password: 'lead2-password' },
        admin,
      )
    ).ok,
  ).toBe(true)
  const late = makeEvent({
    status: 'dispatched',
    deadline: new Date(Date.now() - 3600_000).toISOString(),
    title: '超期未办的供水维修',
  })
  await publishEvent(late)
  const lead = await engine.sessionToken('lead')
  const instruction = await engine.rpc<{ id: string }>(
    'dutyLog.add',
    { type: 'instruction', text: '今晚加强危化品巡查', instructedBy: '县委书记' },
    lead,
  )
  expect(instruction.ok).toBe(true)
  const signed = await engine.rpc(
    'handover.sign',
    {
      summary: '超期 1 起需督促，批示 1 条待落实。',
      outgoingPassword: 'lead-pass-1',
      incomingUsername: 'lead2',
      incomingPassword: 'lead2-password',
    },
    lead,
  )
  expect(signed.ok).toBe(true)

  // The officer of the next shift.
  await openWorkstation(page, 'officer')
  const panel = page.getByTestId('carried-over')
  await expect(panel.getByTestId('carried-pending')).toHaveText('2 项待处理')
  await expect(panel).toContainText('王班长 → 李接班')
  const items = panel.getByTestId('carried-item')
  await expect(items.filter({ hasText: '超期未办的供水维修' })).toHaveCount(1)
  await expect(items.filter({ hasText: '今晚加强危化品巡查' })).toHaveCount(1)
  await page.screenshot({ path: test.info().outputPath('carried-over-1920.png') })

  // The platform closes the event: the item is dealt with by itself.
  await publishEvent({ ...late, version: 2, status: 'closed' })
  await expect(panel.getByTestId('carried-pending')).toHaveText('1 项待处理')
  await expect(items.filter({ hasText: '超期未办的供水维修' })).toHaveCount(0)

  // The instruction: marked done by the officer, with a note (required, said in Chinese).
  await items.filter({ hasText: '今晚加强危化品巡查' }).getByTestId('carried-mark').click()
  await page.getByTestId('carried-save').click()
  await expect(page.getByText('请填写处理说明')).toBeVisible()
  await page.getByTestId('carried-note').fill('已电话落实，巡查队已出发')
  await page.getByTestId('carried-save').click()
  await expect(panel.getByTestId('carried-pending')).toHaveText('已全部处理')
  await panel.getByTestId('carried-show-done').click()
  const done = panel.getByTestId('carried-done')
  await expect(done).toHaveCount(2)
  await expect(done.filter({ hasText: '今晚加强危化品巡查' })).toContainText('张值班')
  await expect(done.filter({ hasText: '今晚加强危化品巡查' })).toContainText('已电话落实，巡查队已出发')
  await expect(done.filter({ hasText: '超期未办的供水维修' })).toContainText('事件已办结')
  await page.screenshot({ path: test.info().outputPath('carried-over-done-1920.png') })

  // …and the duty log has the officer's line.
  const log = await engine.get<{ items: { authorName: string; text: string }[] }>(
    '/api/duty-log?text=交接遗留事项已处理',
  )
  expect(log.items.map((e) => e.authorName)).toEqual(['张值班'])
})

test('the shift lead edits the roster; every page shows the shift, its lead and officers', async ({
  page,
  engine,
  openWorkstation,
  operatorFor,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await operatorFor('officer')
  const workstation = await openWorkstation(page, 'lead')
  const badge = page.getByTestId('shift-badge')
  await expect(badge).toContainText('未排班')
  await expect(page.getByTestId('shift-badge-remaining')).toHaveText(/^剩余 \d+时\d+分$/)

  await workstation.goToRoute('#/duty-log')
  await page.getByTestId('roster-edit').click()
  const dialog = page.getByTestId('roster-dialog')
  await dialog.getByTestId('roster-save').click()
  await expect(dialog.getByText('请选择值班长')).toBeVisible()
  await dialog.getByTestId('roster-lead').click()
  await page.getByRole('option', { name: '王班长（lead1）' }).click()
  await dialog.getByTestId('roster-officers').click()
  await page.getByRole('option', { name: '张值班（officer1）' }).click()
  await page.keyboard.press('Escape')
  await page.screenshot({ path: test.info().outputPath('roster-dialog-1920.png') })
  await dialog.getByTestId('roster-save').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('shift-badge-lead')).toHaveText('值班长：王班长')
  await expect(page.getByTestId('shift-badge-officers')).toHaveText('值班员：张值班')
  await workstation.goToRoute('#/')
  await expect(page.getByTestId('shift-badge-lead')).toHaveText('值班长：王班长')
  await page.screenshot({ path: test.info().outputPath('roster-header-1920.png') })

  const current = await engine.get<{ roster: { username: string; duty: string }[] }>('/api/shifts/current')
  expect(current.roster).toEqual([
    { username: 'lead1', displayName: '王班长', duty: 'lead' },
    { username: 'officer1', displayName: '张值班', duty: 'officer' },
  ])
})

test('an administrator backs up on demand and sees the duty log integrity', async ({ page, openWorkstation }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  const workstation = await openWorkstation(page, 'admin')
  await workstation.goToRoute('#/duty-log')
  await expect(page.getByTestId('duty-integrity-tag')).toHaveText(/^日志完整性：通过（\d+ 条）$/)
  await page.screenshot({ path: test.info().outputPath('duty-log-admin-1920.png') })
  await workstation.goToRoute('#/operators')
  const panel = page.getByTestId('backup-panel')
  await expect(panel).toContainText('尚无备份')
  await panel.getByTestId('backup-run').click()
  const list = panel.getByTestId('backup-list')
  await expect(list).toContainText('hall.sqlite3')
  await expect(list).toContainText('dutylog.sqlite3')
  await expect(list).toContainText('手动')
  await page.screenshot({ path: test.info().outputPath('backup-panel-1920.png') })
})
