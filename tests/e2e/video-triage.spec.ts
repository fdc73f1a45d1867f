/**
 * Community video alert triage end to end: the real engine host against a real Mosquitto, the
 * platform simulator answering the hall's commands (electron/sim/video-platform.ts) with real PNG
 * snapshots, driven through Chromium: confirm → forward → (simulated rectification with an after
 * photo) → verify; a command on a version the platform no longer holds shows its error; every
 * zs.command/1 seen on the broker matches the contract.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { zsCommandSchema, type ZsVideoAlert } from '../../electron/contract'
import { createCommandRouter } from '../../electron/sim/command-router'
import { paintSnapshot } from '../../electron/sim/png'
import { createRng } from '../../electron/sim/random'
import { toShanghaiIso } from '../../electron/sim/time'
import { createVideoPlatform } from '../../electron/sim/video-platform'
import { TEST_OPERATORS, type EngineProcess } from '../helpers/engine'
import { withSimulatedPlatform, type SimulatedPlatform } from './sim-platform'
import { expect, test } from './fixtures'
import { VideoPage } from '../pages/video'

const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots')

interface Platform extends SimulatedPlatform {
  publishAlert(alert: object, communityId: string): Promise<void>
}

const it = test.extend<{ platform: Platform }>({
  platform: async ({ broker }, use) => {
    await withSimulatedPlatform(
      broker.url,
      'vt',
      {
        rate: 0,
        initialBacklog: 0,
        zeroReports: false,
        videoAlertRate: 0,
        initialVideoAlerts: 4,
        videoRectifyDelayMs: [1500, 1500],
        videoRectifyShare: 1,
        seed: 20261128,
        tickMs: 100,
      },
      async ({ engine }) => {
        await expect
          .poll(async () => (await engine.get<{ items: unknown[] }>('/api/video-alerts?limit=10')).items.length)
          .toBe(4)
      },
      (p) =>
        use({
          ...p,
          publishAlert: (alert, communityId) =>
            p.publish(`${p.root}/video/alerts/${communityId}`, JSON.stringify(alert)),
        }),
    )
  },
})

async function openVideo(page: import('@playwright/test').Page, engine: EngineProcess): Promise<VideoPage> {
  await engine.sessionToken('officer')
  const video = new VideoPage(page)
  video.operator = TEST_OPERATORS.officer
  await video.open(engine.url, engine.token)
  return video
}

it('confirm → forward → simulated rectification → verify, with real snapshots before and after', async ({
  page,
  platform,
}) => {
  const video = await openVideo(page, platform.engine)
  await expect(video.groups.first()).toBeVisible()
  const alertId = (await video.groups.first().getAttribute('data-alert-id'))!
  await video.select(alertId)
  // The real PNG, fetched with the token and shown as a blob: URL, with its detection box drawn.
  await expect(video.snapshot).toHaveAttribute('data-loaded', 'true')
  await expect(video.snapshot.locator('img')).toHaveAttribute('src', /^blob:/)
  await expect(video.snapshot.getByTestId('snapshot-box')).toHaveCount(1)
  const natural = await video.snapshot
    .locator('img')
    .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)
  expect(natural).toBe(320)

  await video.act('confirm', { note: '确认车辆违停' })
  await video.expectStatus('confirmed')
  await expect(video.pending).toHaveCount(0)
  await expect(video.panel.getByTestId('video-action-forward_property')).toBeVisible()

  await video.act('forward_property', { note: '请物业2小时内处理' })
  await video.expectStatus('forwarded')
  await expect(video.panel.getByTestId('video-alert-deadline')).not.toHaveText('—')

  // The property company reports it fixed, with an after photo: before and after side by side.
  await video.expectStatus('rectified')
  await expect(video.beforeAfter).toBeVisible()
  const pictures = video.beforeAfter.getByTestId('snapshot')
  await expect(pictures).toHaveCount(2)
  await expect(pictures.nth(0)).toHaveAttribute('data-loaded', 'true')
  await expect(pictures.nth(1)).toHaveAttribute('data-loaded', 'true')
  const [before, after] = await Promise.all([
    pictures.nth(0).locator('img').getAttribute('src'),
    pictures.nth(1).locator('img').getAttribute('src'),
  ])
  expect(before).not.toBe(after)
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'video-triage-before-after.png') })

  await video.act('verify', { note: '现场核验已整改' })
  await video.expectStatus('verified')
  await expect(video.beforeAfter).toBeVisible()

  // The statistics count the forward, rectified in time.
  await expect(video.statsRows).toHaveCount(1)
  await expect(video.statsRows.first()).toHaveAttribute('data-forwarded', '1')
  await expect(video.statsRows.first()).toHaveAttribute('data-rectified-in-time', '1')

  // Every command on the broker is a zs.command/1 with the signed-in operator and the right base version.
  const ours = platform.commands.filter((c) => c.target.id === alertId)
  expect(ours.map((c) => [c.action, c.target.baseVersion])).toEqual([
    ['confirm', 1],
    ['forward_property', 2],
    ['verify', 4],
  ])
  for (const c of ours) {
    expect(zsCommandSchema.safeParse(c).success).toBe(true)
    expect(c.operator).toEqual({ id: TEST_OPERATORS.officer.username, name: TEST_OPERATORS.officer.displayName })
    expect(c.target.type).toBe('video_alert')
  }
  expect(ours[1].params).toMatchObject({ note: '请物业2小时内处理', deadline: expect.stringMatching(/\+08:00$/) })

  await video.tab('done').click()
  await expect(video.group(alertId)).toBeVisible()
})

it('a command on a version the platform no longer holds is refused and explained in Chinese', async ({
  page,
  platform,
}) => {
  const video = await openVideo(page, platform.engine)
  const list = await platform.engine.get<{ items: { id: string; communityId: string }[] }>('/api/video-alerts?limit=10')
  const target = list.items[0]
  const detail = await platform.engine.get<{ current: Record<string, unknown> }>(`/api/video-alerts/${target.id}`)
  // The analytics re-sends the alert as version 2 without the platform knowing: the hall acts on 2,
  // the platform still holds 1.
  const { snapshot: _s, ...rest } = detail.current
  void _s
  await platform.publishAlert({ ...rest, version: 2 }, target.communityId)
  await video.select(target.id)
  await expect(video.panel).toHaveAttribute('data-version', '2')
  await video.act('dismiss', { reasonText: '测试过期版本' })
  await expect(video.error).toHaveAttribute('data-code', 'stale_version')
  await expect(video.error).toContainText('告警已被更新')
  await video.expectStatus('new')
})

it('a dismiss without a reason is refused next to the field, nothing is sent', async ({ page, platform }) => {
  const video = await openVideo(page, platform.engine)
  const alertId = (await video.groups.first().getAttribute('data-alert-id'))!
  await video.select(alertId)
  const before = platform.commands.length
  await video.panel.getByTestId('video-action-dismiss').click()
  await video.panel.getByTestId('video-action-submit').click()
  await expect(video.panel.getByText('请选择或填写忽略原因')).toBeVisible()
  expect(platform.commands.length).toBe(before)
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'video-triage.png') })
})

it('groups repeats of one camera and type into one item, and dismisses the repeats as duplicates', async ({
  page,
  platform,
  broker,
}) => {
  // The same parked car seen three times in ten minutes by one camera (the analytics is noisy),
  // published through the platform's own video module, which answers the commands on them: the
  // whole simulator steps aside, so that no second platform answers the same command.
  await platform.sim.stop()
  const client = await mqtt.connectAsync(broker.url, { clientId: `${platform.root}-analytics`, clean: true })
  const videoPlatform = createVideoPlatform({ root: platform.root, rng: createRng(1), rectifyShare: 0 })
  const router = createCommandRouter({
    root: platform.root,
    publish: async (topic, payload) => void (await client.publishAsync(topic, payload, { qos: 1 })),
  })
  router.on('video_alert', (c, t) => videoPlatform.answer(c, t))
  client.on('message', (topic, payload) => void router.handle(topic, payload))
  await client.subscribeAsync(`${platform.root}/commands/+`, { qos: 1 })
  const box = { x: 0.3, y: 0.5, w: 0.25, h: 0.22 }
  const png = paintSnapshot(320, 180, box, [230, 60, 50], 0.4).toString('base64')
  const base = Date.now() - 20 * 60_000
  for (let i = 0; i < 3; i++) {
    const alert = {
      schema: 'zs.video_alert/1',
      id: `VA-REP-${i}`,
      version: 1,
      type: 'illegal_parking',
      status: 'new',
      cameraId: 'CAM-TEST-09',
      cameraName: '测试小区北门',
      communityId: 'C-TEST',
      communityName: '测试小区',
      propertyCompany: { id: 'P-T', name: '测试物业' },
      confidence: 0.8,
      detectedAt: toShanghaiIso(base + i * 5 * 60_000),
      snapshot: { mime: 'image/png', base64: png },
      boxes: [{ ...box, label: 'car' }],
      drill: false,
    } as const
    videoPlatform.track(alert as unknown as ZsVideoAlert)
    await client.publishAsync(`${platform.root}/video/alerts/C-TEST`, JSON.stringify(alert), { qos: 1 })
  }
  try {
    const video = await openVideo(page, platform.engine)
    const group = video.group('VA-REP-2')
    await expect(group).toHaveAttribute('data-count', '3')
    await expect(group.getByTestId('video-group-count')).toHaveText('3 次')
    await expect(video.group('VA-REP-1')).toHaveCount(0)
    // Without merging, three items.
    await page.getByTestId('video-group-window').click()
    await page.getByRole('option', { name: '不合并' }).click()
    await expect(video.group('VA-REP-1')).toHaveAttribute('data-count', '1')
    await page.getByTestId('video-group-window').click()
    await page.getByRole('option', { name: '30 分钟' }).click()
    await expect(video.group('VA-REP-2')).toHaveAttribute('data-count', '3')

    await video.select('VA-REP-2')
    await expect(video.snapshot).toHaveAttribute('data-loaded', 'true')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'video-triage-grouped.png') })
    await video.panel.getByTestId('dismiss-repeats').click()
    // The two older ones are dismissed as repeats; the newest stays to be triaged.
    await expect(video.group('VA-REP-2')).toHaveAttribute('data-count', '1')
    await expect(video.error).toHaveCount(0)
    await expect
      .poll(
        async () =>
          (await platform.engine.get<{ summary: { status: string } }>('/api/video-alerts/VA-REP-0')).summary.status,
      )
      .toBe('dismissed')
    const detail = await platform.engine.get<{ current: { dismissReason?: string } }>('/api/video-alerts/VA-REP-1')
    expect(detail.current.dismissReason).toBe('重复告警')
  } finally {
    await client.endAsync()
  }
})
