import { describe, expect, it } from 'vitest'
import {
  actionsFor,
  boxesOf,
  boxStyle,
  defaultForwardDeadline,
  errorKey,
  formatMinutes,
  settlePending,
  type PendingCommand,
} from './videoTriageModel'

const pending: PendingCommand = {
  commandId: 'c1',
  alertKey: 'VA-1',
  action: 'confirm',
  phase: 'waiting',
  resultVersion: null,
}

describe('video triage model', () => {
  it('offers only the lifecycle’s actions', () => {
    expect(actionsFor('new')).toEqual(['confirm', 'dismiss'])
    expect(actionsFor('confirmed')).toEqual(['forward_property'])
    expect(actionsFor('forwarded')).toEqual([])
    expect(actionsFor('rectified')).toEqual(['verify'])
    expect(actionsFor('verified')).toEqual([])
    expect(actionsFor('dismissed')).toEqual([])
  })

  it('settles a command only when the ack and the new version are both there', () => {
    expect(settlePending(pending, { state: 'sent', resultVersion: null, error: null }, { version: 1 })).toEqual({
      kind: 'pending',
      pending,
    })
    const acked = settlePending(pending, { state: 'acknowledged', resultVersion: 2, error: null }, { version: 1 })
    expect(acked).toEqual({ kind: 'pending', pending: { ...pending, phase: 'applying', resultVersion: 2 } })
    if (acked.kind !== 'pending') throw new Error()
    // The version arrives later (the item is not sent again).
    expect(settlePending(acked.pending, null, { version: 2 })).toEqual({ kind: 'done' })
    expect(settlePending(pending, { state: 'acknowledged', resultVersion: 2, error: null }, { version: 3 })).toEqual({
      kind: 'done',
    })
    expect(
      settlePending(
        pending,
        { state: 'failed', resultVersion: null, error: { code: 'stale_version', message: 'at 4' } },
        null,
      ),
    ).toEqual({ kind: 'failed', code: 'stale_version', message: 'at 4' })
  })

  it('names errors, places boxes inside the picture, reads only well-formed boxes', () => {
    expect(errorKey('stale_version')).toBe('video.error.stale_version')
    expect(errorKey('weird')).toBe('video.error.other')
    expect(boxStyle({ x: 0.42, y: 0.55, w: 0.2, h: 0.18 })).toEqual({
      left: '42.00%',
      top: '55.00%',
      width: '20.00%',
      height: '18.00%',
    })
    expect(boxStyle({ x: 0.9, y: -1, w: 0.5, h: 2 })).toEqual({
      left: '90.00%',
      top: '0.00%',
      width: '10.00%',
      height: '100.00%',
    })
    expect(boxesOf({ boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.4, label: 'car' }, { x: '1' }, null, 5] })).toEqual([
      { x: 0.1, y: 0.2, w: 0.3, h: 0.4, label: 'car' },
    ])
    expect(boxesOf({ boxes: 'no' })).toEqual([])
    expect(boxesOf(null)).toEqual([])
  })

  it('proposes a deadline on a quarter hour and formats durations', () => {
    const now = Date.parse('2026-11-28T09:07:00+08:00')
    expect(defaultForwardDeadline(now, 2).toISOString()).toBe(
      new Date(Date.parse('2026-11-28T11:15:00+08:00')).toISOString(),
    )
    expect(formatMinutes(65, 'zh-CN')).toBe('1小时5分')
    expect(formatMinutes(45, 'zh-CN')).toBe('45分钟')
    expect(formatMinutes(120, 'en')).toBe('2 h')
    expect(formatMinutes(null, 'en')).toBe('—')
  })
})

describe('contract helpers', () => {
  it('writes hall times with the +08:00 offset and reads the last action as text', async () => {
    const { toHallIsoString, lastActionOf } = await import('./videoTriageModel')
    expect(toHallIsoString(Date.parse('2026-11-28T10:00:00.750Z'))).toBe('2026-11-28T18:00:00+08:00')
    expect(lastActionOf({ lastAction: { action: 'confirm', by: '李娜', at: 'x', note: 7 } })).toEqual({
      action: 'confirm',
      by: '李娜',
      at: 'x',
      note: null,
      reason: null,
    })
    expect(lastActionOf({ lastAction: 'confirm' })).toBeNull()
    expect(lastActionOf({})).toBeNull()
  })
})
