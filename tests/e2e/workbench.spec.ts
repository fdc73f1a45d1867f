/**
 * The duty officer's workbench end to end: the real engine host against a real Mosquitto, the
 * platform simulator answering the hall's commands (electron/sim/platform.ts) and playing the
 * unit's receipt and feedback on a compressed clock, driven through Chromium by a signed-in duty
 * officer: accept → dispatch → (the unit signs for it and reports back) → return visit → close,
 * each zs.command/1 seen on the broker checked against the contract; a command on a version the
 * platform no longer holds is refused (stale_version) and the refusal is explained.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { zsCommandSchema, type ZsCommand, type ZsEvent } from '../../electron/contract'
import { createEventGenerator } from '../../electron/sim/generator'
import { TEST_OPERATORS, type EngineProcess } from '../helpers/engine'
import { withSimulatedPlatform, type SimulatedPlatform } from './sim-platform'
import { WorkbenchPage } from '../pages/workstation'
import { expect, test } from './fixtures'

const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots')
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00'

interface Platform extends SimulatedPlatform {
  /** A new event, version 1 (reported), published by the simulated platform. */
  newEvent(overrides?: Partial<ZsEvent>): Promise<ZsEvent>
  /** Waits until the hall has stored this version of the event. */
  stored(id: string, version: number): Promise<void>
}

const it = test.extend<{ platform: Platform }>({
  platform: async ({ broker }, use) => {
    await withSimulatedPlatform(
      broker.url,
      'wb',
      {
        rate: 0,
        initialBacklog: 0,
        zeroReports: false,
        initialVideoAlerts: 0,
        videoAlertRate: 0,
        seed: 20261128,
        tickMs: 50,
        // The unit signs for a dispatch and reports back within about a second.
        unitSteps: { returnRate: 0, timeScale: 100_000, maxDelayMs: 1_000 },
      },
      async ({ engine }) => {
        await expect.poll(async () => (await engine.get<{ version: number | null }>('/api/registry')).version).toBe(1)
      },
      async (p) => {
        const generator = createEventGenerator({ registry: p.sim.registry, seed: 7, runTag: p.root.toUpperCase() })
        const stored = async (id: string, version: number) => {
          await expect
            .poll(async () => (await p.engine.api<{ summary: { version: number } }>(`/api/events/${id}`)).body)
            .toMatchObject({ ok: true, value: { summary: { version } } })
        }
        await use({
          ...p,
          stored,
          async newEvent(overrides = {}) {
            const now = Date.now()
            const event: ZsEvent = {
              ...generator.create(now),
              status: 'reported',
              version: 1,
              reportedAt: iso(now - 60_000),
              updatedAt: iso(now - 60_000),
              resolvedOnSite: false,
              ...overrides,
            }
            await p.sim.publish(event)
            await stored(event.id, event.version)
            return event
          },
        })
      },
    )
  },
})

async function openWorkbench(page: Page, engine: EngineProcess): Promise<WorkbenchPage> {
  await engine.sessionToken('officer')
  const wb = new WorkbenchPage(page)
  wb.operator = TEST_OPERATORS.officer
  await wb.open(engine.url, engine.token)
  return wb
}

it('accept → dispatch → (unit receipt and feedback) → return visit → close, every command as the contract says', async ({
  page,
  platform,
}) => {
  const wb = await openWorkbench(page, platform.engine)
  const event = await platform.newEvent({ severity: 3 })

  // 待受理 holds it, counted.
  await expect(wb.queueTab('unaccepted')).toHaveAttribute('aria-selected', 'true')
  await expect(wb.queueTab('unaccepted')).toHaveAttribute('data-count', '1')
  await wb.expectRow(event.id)
  await wb.openDetail(event.id)
  await wb.expectDetailVersion(1)
  // Only what the state allows.
  await expect(wb.action('accept')).toBeVisible()
  await expect(wb.action('dispatch')).toHaveCount(0)
  await expect(wb.action('close')).toHaveCount(0)

  await wb.action('accept').click()
  await wb.expectDetailVersion(2)
  // The focused button went away with the new state; the focus stays in the action bar.
  await expect(wb.actions).toBeFocused()
  await expect(wb.queueTab('unaccepted')).toHaveAttribute('data-count', '0')

  // Dispatch by keyboard; a missing unit is explained next to the field, nothing is sent.
  await page.keyboard.press('d')
  await expect(wb.dialog).toBeVisible()
  await expect(wb.dialog.getByTestId('deadline-hint')).toContainText('按时限表建议')
  await wb.submit()
  await expect(wb.fieldError('field-unit')).toHaveText('请选择承办单位')
  expect(platform.commands.map((c) => c.action)).toEqual(['accept'])
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'workbench-dispatch-form.png') })
  await wb.chooseUnit('县生态环境局')
  await wb.fillNote('请牵头核查，冶头镇配合')
  await wb.submit()
  await expect(wb.dialog).toHaveCount(0)

  // The unit signs for it (in_progress, v4) and reports back (resolved, v5) on the platform.
  await wb.expectDetailVersion(5)
  await expect(wb.action('record_visit')).toBeVisible()

  await wb.action('record_visit').click()
  await wb.submit()
  await expect(wb.fieldError('field-satisfaction')).toHaveText('请选择满意度')
  await wb.chooseRadio('field-satisfaction', '满意')
  await wb.fillNote('电话回访，群众满意')
  await wb.submit()
  await wb.expectDetailVersion(6)

  await wb.action('close').click()
  await wb.expectDetailVersion(7)
  await expect(wb.action('close')).toHaveCount(0)
  await expect(wb.action('comment')).toBeVisible()

  // Every command on the broker is a zs.command/1 of this hall with the signed-in operator and
  // the version the officer saw.
  await expect.poll(() => platform.commands.length).toBe(4)
  for (const c of platform.commands) {
    expect(zsCommandSchema.safeParse(c).success, JSON.stringify(c)).toBe(true)
    expect(c).toMatchObject({
      schema: 'zs.command/1',
      hallId: platform.engine.hallId,
      drill: false,
      operator: { name: TEST_OPERATORS.officer.displayName },
      target: { type: 'event', id: event.id },
    })
    expect(Date.parse(c.issuedAt)).not.toBeNaN()
  }
  expect(platform.commands.map((c) => [c.action, c.target.baseVersion])).toEqual([
    ['accept', 1],
    ['dispatch', 2],
    ['record_visit', 5],
    ['close', 6],
  ])
  const dispatch = platform.commands[1].params
  expect(dispatch).toMatchObject({ unitId: 'U-ECO', note: '请牵头核查，冶头镇配合' })
  expect(Date.parse(dispatch.deadline as string)).toBeGreaterThan(Date.parse(platform.commands[1].issuedAt))
  expect(platform.commands[2].params).toEqual({ satisfaction: 'satisfied', note: '电话回访，群众满意' })
  expect(platform.sim.current(event.id)).toMatchObject({ version: 7, status: 'closed' })

  // 全程留痕: every version and every command, with the operator.
  await expect(wb.detailVersions).toHaveCount(7)
  await expect(wb.traceCommands).toHaveCount(4)
  await expect(wb.traceCommands.first()).toContainText(TEST_OPERATORS.officer.displayName)
  await expect(wb.detail.locator('[data-testid="event-command"][data-state="acknowledged"]')).toHaveCount(4)
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'workbench-detail-trace.png') })
})

it('a command on a version the platform no longer holds is refused, explained, and the view refreshes', async ({
  page,
  platform,
}) => {
  // The hall's view falls behind (live updates held back, as on a slow link) while the platform
  // moves the event on: the officer acts on version 1, the platform is at version 2.
  let holdLive = false
  await page.routeWebSocket(/\/api\/ws$/, (ws) => {
    const server = ws.connectToServer()
    ws.onMessage((m) => server.send(m))
    server.onMessage((m) => {
      if (holdLive && typeof m === 'string' && m.includes('"events.onDidChange"')) return
      ws.send(m)
    })
  })
  const wb = await openWorkbench(page, platform.engine)
  const event = await platform.newEvent({ severity: 2 })
  await wb.openDetail(event.id)
  await wb.expectDetailVersion(1)

  holdLive = true
  await platform.sim.publish({
    ...event,
    version: 2,
    status: 'accepted',
    updatedAt: iso(Date.now()),
    lastAction: { action: 'accept', by: '乐平镇综治中心 王芳', at: iso(Date.now()), note: '已由乡镇受理' },
  })
  await platform.stored(event.id, 2)
  await wb.expectDetailVersion(1)

  await wb.action('accept').click()
  await expect(wb.commandError).toHaveAttribute('data-code', 'stale_version')
  await expect(wb.commandError).toContainText('平台当前为第 2 版')
  // The view shows the platform's state now: version 2, accepted, so dispatch is offered.
  await wb.expectDetailVersion(2)
  await expect(wb.action('dispatch')).toBeEnabled()
  await expect(wb.action('accept')).toHaveCount(0)
  await expect(wb.actions).toHaveAttribute('data-busy', 'false')
  await expect(wb.detail.locator('[data-testid="event-command"][data-state="failed"]')).toHaveCount(1)
  expect(platform.commands.map((c) => [c.action, c.target.baseVersion])).toEqual([['accept', 1]])
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.mouse.move(400, 600) // no hover colour in the picture
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'workbench-stale-version.png') })
})

it('the queue: tabs with counts, bulk accept, SLA countdowns; screenshot of the workbench', async ({
  page,
  platform,
}) => {
  const now = Date.now()
  const hour = 3_600_000
  const fresh: ZsEvent[] = []
  for (const severity of [1, 4, 2, 3] as const) fresh.push(await platform.newEvent({ severity }))
  // One waits longer than its severity's reminder threshold (特别重大: 2 minutes).
  const late = await platform.newEvent({
    severity: 4,
    reportedAt: iso(now - 10 * 60_000),
    updatedAt: iso(now - 10 * 60_000),
  })
  // Work under way: overdue, due soon, on time, one supervised.
  const underWay = async (deadlineMs: number, supervised = false) => {
    const e = await platform.newEvent({ severity: 2 })
    await platform.sim.publish({
      ...e,
      version: 2,
      status: 'dispatched',
      assignee: { unitId: 'U-WAT', unitName: '县水务局' },
      deadline: iso(deadlineMs),
      updatedAt: iso(now),
      supervision: supervised ? { level: 2, note: '分管县领导督办', by: '县委政法委', at: iso(now) } : null,
    })
    await platform.stored(e.id, 2)
    return e
  }
  const overdue = await underWay(now - 3 * hour, true)
  const dueSoon = await underWay(now + 40 * 60_000)
  await underWay(now + 30 * hour)

  const wb = await openWorkbench(page, platform.engine)
  await expect(wb.queueTab('unaccepted')).toHaveAttribute('data-count', '5')
  await expect(wb.queueTab('overdue')).toHaveAttribute('data-count', '1')
  await expect(wb.queueTab('due_soon')).toHaveAttribute('data-count', '1')
  await expect(wb.queueTab('supervised')).toHaveAttribute('data-count', '1')
  await expect(wb.queueTab('all')).toHaveAttribute('data-count', '8')
  // The reminder: visible (and rung once) for the one waiting too long.
  await expect(page.getByTestId('reminder-waiting')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('reminder')).toHaveAttribute('data-rings', '1')
  // Highest severity first, the longest waiting first within a severity.
  await expect(wb.rows).toHaveCount(5)
  await expect(wb.rows.first()).toHaveAttribute('data-event-id', late.id)
  await expect(wb.rows.nth(1)).toHaveAttribute('data-severity', '4')
  await expect(wb.rows.last()).toHaveAttribute('data-severity', '1')
  // j / k walk the queue.
  await page.keyboard.press('j')
  await expect(wb.detail).toHaveAttribute('data-event-id', late.id)
  await page.keyboard.press('j')
  await expect(wb.detail).toHaveAttribute('data-event-id', fresh[1].id)
  await page.keyboard.press('k')
  await expect(wb.detail).toHaveAttribute('data-event-id', late.id)
  await page.getByTestId('event-detail-close').click()
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'workbench-queue.png') })

  await wb.queueTab('overdue').click()
  await wb.expectRow(overdue.id)
  await expect(wb.row(overdue.id).getByTestId('sla-clock')).toHaveAttribute('data-sla', 'overdue')
  await wb.queueTab('due_soon').click()
  await wb.expectRow(dueSoon.id)
  await expect(wb.row(dueSoon.id).getByTestId('sla-clock')).toHaveAttribute('data-sla', 'due_soon')

  // Bulk accept two of the new ones.
  await wb.queueTab('unaccepted').click()
  await expect(wb.rows).toHaveCount(5)
  await wb.row(fresh[0].id).getByTestId('event-check').click()
  await wb.row(fresh[1].id).getByTestId('event-check').click()
  await expect(page.getByTestId('bulk-bar')).toContainText('已选 2 件')
  await page.getByTestId('bulk-accept').click()
  await expect(wb.queueTab('unaccepted')).toHaveAttribute('data-count', '3')
  await expect.poll(() => platform.commands.filter((c) => c.action === 'accept').length).toBe(2)
  for (const c of platform.commands) expect(zsCommandSchema.safeParse(c).success).toBe(true)
  expect(platform.commands.map((c) => c.target.id).sort()).toEqual([fresh[0].id, fresh[1].id].sort())

  // Bulk dispatch of the two accepted ones, from 全部: one unit, each its own proposed deadline.
  await platform.stored(fresh[0].id, 2)
  await platform.stored(fresh[1].id, 2)
  await wb.queueTab('all').click()
  await expect(wb.row(fresh[0].id)).toHaveAttribute('data-status', 'accepted')
  await expect(wb.row(fresh[1].id)).toHaveAttribute('data-status', 'accepted')
  await wb.row(fresh[0].id).getByTestId('event-check').click()
  await wb.row(fresh[1].id).getByTestId('event-check').click()
  await wb.row(overdue.id).getByTestId('event-check').click()
  await page.getByTestId('bulk-dispatch').click()
  await expect(wb.dialog).toBeVisible()
  await wb.chooseUnit('县水务局')
  await wb.submit()
  await expect.poll(() => platform.commands.filter((c) => c.action === 'dispatch').length).toBe(2)
  const dispatches = platform.commands.filter((c) => c.action === 'dispatch')
  const limitHours = (c: ZsCommand) => (Date.parse(c.params.deadline as string) - Date.parse(c.issuedAt)) / hour
  const bySeverity = new Map(dispatches.map((c) => [c.target.id, limitHours(c)]))
  // 一般 (severity 1, category of the generator's event): 7 days or its category's row; 特别重大: 2 h.
  expect(bySeverity.get(fresh[1].id)).toBeCloseTo(2, 1)
  expect(bySeverity.get(fresh[0].id)).toBeGreaterThan(23)
  for (const c of dispatches) expect(c.params.unitId).toBe('U-WAT')
})

it('duplicates: a new event of the same category nearby is suggested, merged (linked + rejected as 重复件)', async ({
  page,
  platform,
}) => {
  const first = await platform.newEvent({ severity: 2, category: 'noise' })
  const place = { ...first.location, lat: 37.6, lng: 113.7 }
  await platform.sim.publish({ ...first, version: 2, location: place, updatedAt: iso(Date.now()) })
  await platform.stored(first.id, 2)
  // About 150 m away, same category, reported a minute later.
  const second = await platform.newEvent({
    severity: 2,
    category: 'noise',
    location: { ...place, lat: 37.6013 },
  })
  const wb = await openWorkbench(page, platform.engine)
  await wb.openDetail(second.id)
  const suggestion = wb.detail.locator(`[data-testid="duplicate-suggestion"][data-event-id="${first.id}"]`)
  await expect(suggestion).toContainText('相距 145 米')
  await suggestion.getByTestId('duplicate-merge').click()
  await wb.expectDetailVersion(2)
  await expect(wb.detail.locator(`[data-testid="linked-event"][data-event-id="${first.id}"]`)).toContainText('重复件')
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'workbench-duplicates.png') })
  await expect.poll(() => platform.commands.length).toBe(1)
  expect(platform.commands[0]).toMatchObject({
    action: 'reject',
    target: { id: second.id, baseVersion: 1 },
    params: { reason: `重复件，已并入 ${first.id}` },
  })
  expect(platform.sim.current(second.id)).toMatchObject({ status: 'rejected' })
  // The link shows from the other side too.
  await wb.openDetail(first.id)
  await expect(wb.detail.locator(`[data-testid="linked-event"][data-event-id="${second.id}"]`)).toBeVisible()
})

it('keyboard a / c, the location map and attachment links in the detail', async ({ page, platform }) => {
  const event = await platform.newEvent({
    severity: 4,
    location: {
      townshipCode: '140724100',
      township: '乐平镇',
      address: '乐平镇城关村',
      lat: 37.612,
      lng: 113.705,
    },
    attachments: [
      { kind: 'image', url: 'https://platform.example/att/1.jpg', name: '现场照片' },
      { kind: 'document', url: 'javascript:alert(1)', name: '可疑链接' },
    ],
  })
  const wb = await openWorkbench(page, platform.engine)
  await wb.openDetail(event.id)
  // The small map: the county outline with the event pinned at its own coordinates.
  const map = wb.detail.getByTestId('event-location-map')
  await expect(map).toHaveAttribute('data-state', 'ready')
  await expect(map).toHaveAttribute('data-pin', 'exact')
  await expect(map.locator('canvas')).toHaveCount(1)
  // Attachments: an http(s) link opens outside the app; any other scheme is text only.
  const files = wb.detail.getByTestId('event-attachment')
  await expect(files).toHaveCount(2)
  await expect(files.nth(0).getByTestId('event-attachment-open')).toHaveAttribute(
    'href',
    'https://platform.example/att/1.jpg',
  )
  await expect(files.nth(0).getByTestId('event-attachment-open')).toHaveAttribute('rel', 'noopener noreferrer')
  await expect(files.nth(1).getByTestId('event-attachment-open')).toHaveCount(0)
  await expect(files.nth(1)).toContainText('javascript:alert(1)')
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'workbench-detail-map.png') })
  await map.scrollIntoViewIfNeeded()
  await page.waitForTimeout(300) // the pin's ripple is drawn on the next frames
  await wb.detail.getByTestId('event-location').screenshot({ path: join(SCREENSHOT_DIR, 'event-location-map.png') })

  // a accepts the open event; c opens the comment form.
  await page.keyboard.press('a')
  await expect
    .poll(() => platform.commands.filter((c) => c.action === 'accept').map((c) => c.target.id))
    .toEqual([event.id])
  await wb.expectDetailVersion(2)
  await page.keyboard.press('c')
  await expect(wb.dialog).toBeVisible()
  await wb.fillNote('已电话联系网格员核实')
  await wb.submit()
  await expect
    .poll(() => platform.commands.filter((c) => c.action === 'comment').map((c) => c.params.note))
    .toEqual(['已电话联系网格员核实'])
})

it('the time-limit table: read-only for an officer, edited by an administrator', async ({ page, platform }) => {
  await openWorkbench(page, platform.engine)
  // An officer may read the time-limit table but not change it.
  await page.getByTestId('open-sla-settings').click()
  const settings = page.getByTestId('sla-settings')
  await expect(settings).toBeVisible()
  await expect(settings.getByTestId('sla-settings-save')).toHaveCount(0)
  await expect(settings.locator('.el-form.is-disabled, form :disabled').first()).toBeAttached()
  await page.keyboard.press('Escape')
  await expect(settings).toBeHidden()

  // An administrator: removing the catch-all row is refused and explained; 特别重大 set to 3 h applies.
  const admin = new WorkbenchPage(page)
  admin.operator = platform.engine.admin!
  // Another operator at the same workstation: the officer's session is dropped from the tab.
  await page.evaluate(() => (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear())
  await page.goto('about:blank')
  await admin.open(platform.engine.url, platform.engine.token)
  await page.getByTestId('open-sla-settings').click()
  await expect(settings).toBeVisible()
  const rules = settings.getByTestId('sla-rule')
  const n = await rules.count()
  await rules
    .nth(n - 1)
    .getByRole('button', { name: '删除' })
    .click()
  await expect(rules).toHaveCount(n - 1)
  await settings.getByTestId('sla-settings-save').click()
  await expect(settings.getByRole('alert').first()).toContainText('兜底规则')
  await expect(settings).toBeVisible()
  await settings.getByRole('button', { name: '取消' }).click()
  await expect(settings).toBeHidden()

  await page.getByTestId('open-sla-settings').click()
  await expect(rules).toHaveCount(n)
  const hours = rules.nth(0).locator('.el-input-number input')
  await hours.fill('3')
  await hours.blur()
  await settings.getByTestId('sla-settings-save').click()
  await expect(settings).toBeHidden()
  const adminToken = await platform.engine.sessionToken('admin')
  await expect
    .poll(async () => {
      const r = await platform.engine.rpc<{ settings: { timeLimits: { severity: number | null; hours: number }[] } }>(
        'sla.getSettings',
        {},
        adminToken,
      )
      return r.ok ? r.value.settings.timeLimits[0] : null
    })
    .toMatchObject({ severity: 4, hours: 3 })
})
