import { describe, expect, it } from 'vitest'
import { zsEventSchema, type ZsCommand, type ZsEvent } from '../contract'
import { availableEventActions, checkEventAction, STATUS_TRANSITIONS } from '../contract/lifecycle'
import { buildXiyangRegistry } from './county'
import { createEventGenerator } from './generator'
import { decideEventCommand, DEFAULT_UNIT_STEP_OPTIONS, stepOwner, unitDelayMs, unitStep } from './platform'
import { createRng } from './random'
import { HOUR, MINUTE } from './time'

const registry = buildXiyangRegistry()
const T0 = Date.parse('2026-11-28T09:00:00+08:00')
const generator = createEventGenerator({ registry, seed: 3 })
const ctx = { at: T0 + MINUTE, units: registry.units }

function reported(): ZsEvent {
  for (;;) {
    const e = generator.create(T0)
    if (e.status === 'reported') return e
  }
}

let n = 0
const command = (event: ZsEvent, action: string, params: Record<string, unknown> = {}, baseVersion = event.version) =>
  ({
    schema: 'zs.command/1',
    commandId: `cmd-${++n}`,
    hallId: 'hall-1',
    target: { type: 'event', id: event.id, baseVersion },
    action,
    params,
    operator: { id: 'op-lina', name: '李娜' },
    issuedAt: '2026-11-28T09:01:00+08:00',
    drill: false,
  }) as ZsCommand

function ok(event: ZsEvent, action: string, params: Record<string, unknown> = {}): ZsEvent {
  const d = decideEventCommand(event, command(event, action, params), ctx)
  if (!d.ok) throw new Error(`${action}: ${d.code} ${d.message}`)
  expect(zsEventSchema.safeParse(d.next).success).toBe(true)
  expect(d.next.version).toBe(event.version + 1)
  return d.next
}

describe('the platform answering hall commands', () => {
  it('walks an event through accept → dispatch → (unit) → visit → close with the operator in lastAction', () => {
    const v1 = reported()
    const v2 = ok(v1, 'accept')
    expect(v2).toMatchObject({ status: 'accepted', lastAction: { action: 'accept', by: '县综治中心 李娜' } })
    const v3 = ok(v2, 'dispatch', { unitId: 'U-ECO', deadline: '2026-11-29T09:00:00+08:00', note: '请牵头' })
    expect(v3).toMatchObject({
      status: 'dispatched',
      assignee: { unitId: 'U-ECO', unitName: '县生态环境局' },
      deadline: '2026-11-29T09:00:00+08:00',
      lastAction: { action: 'dispatch', note: '请牵头' },
    })
    const rng = createRng(1)
    const v4 = unitStep(v3, rng, T0 + 2 * MINUTE, registry.units, { ...DEFAULT_UNIT_STEP_OPTIONS, returnRate: 0 })!
    expect(v4).toMatchObject({ status: 'in_progress', version: 4, lastAction: { action: 'receipt' } })
    const v5 = unitStep(v4, rng, T0 + 3 * MINUTE, registry.units, DEFAULT_UNIT_STEP_OPTIONS)!
    expect(v5).toMatchObject({ status: 'resolved', version: 5, lastAction: { action: 'resolve' } })
    expect(unitStep(v5, rng, T0, registry.units, DEFAULT_UNIT_STEP_OPTIONS)).toBeNull()
    const v6 = ok(v5, 'record_visit', { satisfaction: 'satisfied', note: '群众满意' })
    expect(v6).toMatchObject({ status: 'visited', satisfaction: 'satisfied' })
    expect(ok(v6, 'close')).toMatchObject({ status: 'closed', lastAction: { action: 'close' } })
  })

  it('refuses a stale base version, naming the current one', () => {
    const v1 = reported()
    const v2 = ok(v1, 'accept')
    const d = decideEventCommand(
      v2,
      command(v2, 'dispatch', { unitId: 'U-ECO', deadline: '2026-11-29T09:00:00+08:00' }, 1),
      ctx,
    )
    expect(d).toEqual({ ok: false, code: 'stale_version', message: 'event is at version 2' })
  })

  it('refuses what the lifecycle does not allow, unknown targets and wrong params', () => {
    const v1 = reported()
    expect(decideEventCommand(v1, command(v1, 'close'), ctx)).toMatchObject({ ok: false, code: 'invalid_transition' })
    expect(decideEventCommand(undefined, command(v1, 'accept'), ctx)).toMatchObject({
      ok: false,
      code: 'unknown_target',
    })
    expect(decideEventCommand(v1, command(v1, 'teleport'), ctx)).toMatchObject({ ok: false, code: 'invalid' })
    expect(decideEventCommand(v1, command(v1, 'reject', {}), ctx)).toMatchObject({ ok: false, code: 'invalid' })
    const v2 = ok(v1, 'accept')
    const unknownUnit = command(v2, 'dispatch', { unitId: 'U-NOPE', deadline: '2026-11-29T09:00:00+08:00' })
    expect(decideEventCommand(v2, unknownUnit, ctx)).toMatchObject({ ok: false, code: 'invalid' })
    const past = command(v2, 'dispatch', { unitId: 'U-ECO', deadline: '2026-11-27T09:00:00+08:00' })
    expect(decideEventCommand(v2, past, ctx)).toMatchObject({ ok: false, code: 'invalid' })
  })

  it('supervises and comments without changing the status; reopens only after 不满意', () => {
    const v2 = ok(reported(), 'accept')
    const v3 = ok(v2, 'supervise', { level: 2, note: '限期办结' })
    expect(v3).toMatchObject({ status: 'accepted', supervision: { level: 2, note: '限期办结', by: '县综治中心 李娜' } })
    const v4 = ok(v3, 'comment', { note: '已电话联系属地' })
    expect(v4).toMatchObject({ status: 'accepted', lastAction: { action: 'comment', note: '已电话联系属地' } })

    const visited = { ...v4, status: 'visited' as const, satisfaction: 'satisfied' as const }
    expect(decideEventCommand(visited, command(visited, 'reopen', { reason: '不满意' }), ctx)).toMatchObject({
      ok: false,
      code: 'invalid_transition',
    })
    const unhappy = { ...visited, satisfaction: 'dissatisfied' as const }
    const reopened = ok(unhappy, 'reopen', { reason: '群众不满意，重办' })
    expect(reopened).toMatchObject({ status: 'dispatched', lastAction: { action: 'reopen' } })
    expect(Date.parse(reopened.deadline!)).toBeGreaterThan(ctx.at)
  })

  it('offers exactly the actions whose transition the contract allows', () => {
    for (const status of Object.keys(STATUS_TRANSITIONS) as (keyof typeof STATUS_TRANSITIONS)[]) {
      for (const action of availableEventActions({ status, satisfaction: 'dissatisfied' })) {
        const c = checkEventAction(action, { status, satisfaction: 'dissatisfied' })
        expect(c.ok).toBe(true)
        if (c.ok && c.to) expect(STATUS_TRANSITIONS[status]).toContain(c.to)
      }
    }
    expect(availableEventActions({ status: 'reported' })).toEqual(['accept', 'supervise', 'reject', 'comment'])
    expect(availableEventActions({ status: 'returned' })).toEqual(['dispatch', 'supervise', 'comment'])
    expect(availableEventActions({ status: 'resolved' })).toEqual(['record_visit', 'close', 'comment'])
    expect(availableEventActions({ status: 'visited', satisfaction: 'satisfied' })).toEqual(['close', 'comment'])
    expect(availableEventActions({ status: 'visited', satisfaction: 'dissatisfied' })).toEqual([
      'close',
      'reopen',
      'comment',
    ])
    expect(availableEventActions({ status: 'closed' })).toEqual(['comment'])
  })

  it('leaves the hall its steps and gives units theirs on a compressed clock', () => {
    expect(stepOwner('reported')).toBe('hall')
    expect(stepOwner('dispatched')).toBe('unit')
    expect(stepOwner('in_progress')).toBe('unit')
    expect(stepOwner('closed')).toBeNull()
    const rng = createRng(9)
    const dispatched = { ...reported(), status: 'dispatched' as const, deadline: '2026-11-29T09:00:00+08:00' }
    const o = { ...DEFAULT_UNIT_STEP_OPTIONS, timeScale: 60 }
    for (let i = 0; i < 50; i++) {
      const receipt = unitDelayMs(dispatched, rng, T0, o)
      expect(receipt).toBeGreaterThanOrEqual(3 * 1000)
      expect(receipt).toBeLessThanOrEqual(20 * 1000)
      const feedback = unitDelayMs({ ...dispatched, status: 'in_progress' }, rng, T0, o)
      expect(feedback).toBeGreaterThanOrEqual(20 * 1000)
      expect(feedback).toBeLessThanOrEqual(o.maxDelayMs)
    }
    // Without a time scale a 24 h deadline takes hours of real time, never more than the cap.
    expect(
      unitDelayMs({ ...dispatched, status: 'in_progress' }, rng, T0, { ...o, timeScale: 1, maxDelayMs: 24 * HOUR }),
    ).toBeGreaterThan(HOUR)
    const returns = Array.from({ length: 200 }, () =>
      unitStep(dispatched, rng, T0, registry.units, { ...o, returnRate: 1 })!,
    )
    expect(returns.every((e) => e.status === 'returned' && e.lastAction?.action === 'return')).toBe(true)
  })
})
