import { describe, expect, it } from 'vitest'
import { zsVideoAlertSchema, type ZsCommand, type ZsVideoAlert } from '../contract'
import { checkSnapshot } from '../engine/domain/snapshot'
import { createCommandRouter, type ZsAckMessage } from './command-router'
import { buildXiyangRegistry } from './county'
import { createRng } from './random'
import { createVideoAlertGenerator } from './video'
import { createVideoPlatform, decideVideoAlertCommand, rectifiedVersion } from './video-platform'

const T0 = Date.parse('2026-11-28T09:00:00+08:00')
const registry = buildXiyangRegistry(1)

function newAlert(): ZsVideoAlert {
  return createVideoAlertGenerator({ registry, seed: 3, runTag: 'T', repeatChance: 0 }).create(T0)!
}

let seq = 0
function command(alert: Pick<ZsVideoAlert, 'id' | 'version'>, action: string, params: object = {}): ZsCommand {
  return {
    schema: 'zs.command/1',
    commandId: `cmd-${++seq}`,
    hallId: 'hall-1',
    target: { type: 'video_alert', id: alert.id, baseVersion: alert.version },
    action,
    params: params as Record<string, unknown>,
    operator: { id: 'op-lina', name: '李娜' },
    issuedAt: '2026-11-28T09:00:00+08:00',
    drill: false,
  }
}

const deadline = '2026-11-29T18:00:00+08:00'

describe('decideVideoAlertCommand (the platform’s lifecycle and version check)', () => {
  it('walks new → confirmed → forwarded, each a valid next version without the picture', () => {
    const a1 = newAlert()
    const confirmed = decideVideoAlertCommand(a1, command(a1, 'confirm', { note: '确认违停' }), T0)
    expect(confirmed.ok).toBe(true)
    if (!confirmed.ok) return
    expect(confirmed.next).toMatchObject({ id: a1.id, version: 2, status: 'confirmed' })
    expect(confirmed.next.snapshot).toBeUndefined()
    expect(zsVideoAlertSchema.safeParse(confirmed.next).success).toBe(true)

    const forwarded = decideVideoAlertCommand(
      confirmed.next,
      command(confirmed.next, 'forward_property', { deadline, note: '请物业2小时内处理' }),
      T0 + 1000,
    )
    expect(forwarded.ok && forwarded.next).toMatchObject({
      version: 3,
      status: 'forwarded',
      deadline,
      forwardedAt: '2026-11-28T09:00:01+08:00',
    })
  })

  it('refuses a stale base version, a wrong state, a missing reason and an unknown action', () => {
    const a1 = newAlert()
    const confirmed = decideVideoAlertCommand(a1, command(a1, 'confirm'), T0)
    if (!confirmed.ok) throw new Error('confirm failed')
    // The hall still thinks version 1.
    expect(decideVideoAlertCommand(confirmed.next, command(a1, 'dismiss', { reason: '误报' }), T0)).toMatchObject({
      ok: false,
      code: 'stale_version',
    })
    expect(decideVideoAlertCommand(confirmed.next, command(confirmed.next, 'verify'), T0)).toMatchObject({
      ok: false,
      code: 'invalid_transition',
    })
    expect(decideVideoAlertCommand(a1, command(a1, 'forward_property', { deadline }), T0)).toMatchObject({
      ok: false,
      code: 'invalid_transition',
    })
    expect(decideVideoAlertCommand(a1, command(a1, 'dismiss', {}), T0)).toMatchObject({ ok: false, code: 'invalid' })
    expect(decideVideoAlertCommand(a1, command(a1, 'accept'), T0)).toMatchObject({ ok: false, code: 'invalid' })
    expect(
      decideVideoAlertCommand(
        confirmed.next,
        command(confirmed.next, 'forward_property', { deadline: '2026-11-28T08:00:00+08:00' }),
        T0,
      ),
    ).toMatchObject({ ok: false, code: 'invalid' })
  })

  it('reports the rectification with a real after photo that passes the hall’s snapshot checks', () => {
    const a1 = newAlert()
    const after = rectifiedVersion({ ...a1, version: 3, status: 'forwarded' }, T0 + 60_000)
    expect(after).toMatchObject({ version: 4, status: 'rectified', rectification: { at: '2026-11-28T09:01:00+08:00' } })
    expect(zsVideoAlertSchema.safeParse(after).success).toBe(true)
    const checked = checkSnapshot(after.rectification!.snapshot!, 'rectification.snapshot')
    expect(checked.ok && checked.value).toMatchObject({ kind: 'image', mime: 'image/png', width: 320, height: 180 })
    // Not the same picture as before.
    const before = checkSnapshot(a1.snapshot!, 'snapshot')
    expect(before.ok && checked.ok && before.value.kind === 'image' && checked.value.kind === 'image').toBe(true)
    if (before.ok && checked.ok && before.value.kind === 'image' && checked.value.kind === 'image')
      expect(checked.value.sha256).not.toBe(before.value.sha256)
  })
})

describe('video platform with the command router', () => {
  function setup(rectifyShare = 1) {
    const published: { topic: string; payload: Record<string, unknown> }[] = []
    let now = T0
    const router = createCommandRouter({
      root: 'zs',
      now: () => now,
      publish: async (topic, payload) => {
        published.push({ topic, payload: JSON.parse(payload) as Record<string, unknown> })
      },
    })
    const platform = createVideoPlatform({ root: 'zs', rng: createRng(5), rectifyDelayMs: [1000, 1000], rectifyShare })
    router.on('video_alert', (c, t) => platform.answer(c, t))
    const send = (c: ZsCommand | object, hall = 'hall-1') =>
      router.handle(`zs/commands/${hall}`, Buffer.from(JSON.stringify(c)))
    const acks = () =>
      published.filter((p) => p.topic.startsWith('zs/acks/')).map((p) => p.payload as unknown as ZsAckMessage)
    return { published, router, platform, send, acks, setNow: (t: number) => (now = t) }
  }

  it('publishes the new version before the ack, on the hall’s ack topic, then the rectification when due', async () => {
    const s = setup()
    const a1 = newAlert()
    s.platform.track(a1)
    await s.send(command(a1, 'confirm'))
    expect(s.published.map((p) => p.topic)).toEqual([`zs/video/alerts/${a1.communityId}`, 'zs/acks/hall-1'])
    expect(s.acks()[0]).toMatchObject({
      schema: 'zs.ack/1',
      commandId: `cmd-${seq}`,
      ok: true,
      resultVersion: 2,
      error: null,
    })

    await s.send(command({ id: a1.id, version: 2 }, 'forward_property', { deadline }))
    expect(s.acks()[1]).toMatchObject({ ok: true, resultVersion: 3 })
    expect(s.platform.dueRectifications(T0 + 500)).toEqual([])
    const due = s.platform.dueRectifications(T0 + 1000)
    expect(due).toHaveLength(1)
    expect(due[0].payload).toMatchObject({ version: 4, status: 'rectified' })

    await s.send(command({ id: a1.id, version: 4 }, 'verify', { note: '现场核验已整改' }))
    expect(s.acks()[2]).toMatchObject({ ok: true, resultVersion: 5 })
    const verified = s.published.at(-2)!.payload
    expect(verified).toMatchObject({
      version: 5,
      status: 'verified',
      rectification: { note: '已完成整改，现场已清理' },
    })
    // The verified version does not carry the after photo's bytes again.
    expect((verified.rectification as { snapshot?: unknown }).snapshot).toBeUndefined()
  })

  it('answers errors with the contract’s codes and repeats the same ack for a repeated commandId', async () => {
    const s = setup()
    const a1 = newAlert()
    s.platform.track(a1)
    const c = command(a1, 'confirm')
    await s.send(c)
    await s.send(c) // at-least-once delivery: the same command again
    expect(s.acks()).toHaveLength(2)
    expect(s.acks()[1]).toEqual(s.acks()[0])
    expect(s.published.filter((p) => p.topic.startsWith('zs/video/'))).toHaveLength(1)
    expect(s.router.stats()).toMatchObject({ commands: 1, repeats: 1 })

    await s.send(command(a1, 'dismiss', { reason: '误报' }))
    expect(s.acks().at(-1)).toMatchObject({ ok: false, resultVersion: null, error: { code: 'stale_version' } })
    await s.send(command({ id: 'VA-NOPE', version: 1 }, 'confirm'))
    expect(s.acks().at(-1)).toMatchObject({ ok: false, error: { code: 'unknown_target' } })
    await s.send({ ...command(a1, 'confirm'), hallId: 'other-hall' })
    expect(s.acks().at(-1)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    await s.send({ commandId: 'half-a-command', schema: 'zs.command/1' })
    expect(s.acks().at(-1)).toMatchObject({ commandId: 'half-a-command', ok: false, error: { code: 'invalid' } })
    await s.send({ ...command(a1, 'accept'), target: { type: 'event', id: 'EV-1', baseVersion: 1 } })
    expect(s.acks().at(-1)).toMatchObject({ ok: false, error: { code: 'unknown_target' } })
    // Not JSON / no commandId: nothing to answer.
    const before = s.published.length
    await s.router.handle('zs/commands/hall-1', Buffer.from('{oops'))
    await s.send({ schema: 'zs.command/1' })
    expect(s.published.length).toBe(before)
    expect(s.router.stats().unreadable).toBe(2)
  })

  it('does not rectify an alert the company leaves alone', async () => {
    const s = setup(0)
    const a1 = newAlert()
    s.platform.track(a1)
    await s.send(command(a1, 'confirm'))
    await s.send(command({ id: a1.id, version: 2 }, 'forward_property', { deadline }))
    expect(s.platform.dueRectifications(T0 + 10 * 60_000)).toEqual([])
    expect(s.platform.stats()).toMatchObject({ answered: 2, rectified: 0 })
  })
})
