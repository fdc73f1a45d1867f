/**
 * The alarm rules: which events raise an alarm (never a drill), once per event, acknowledgement
 * with the operator and the duty log line, expiry after the configured time, settings with a
 * version, and that the state is read back from the file after a reopen (an engine restart).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { bannerAlarm, raisesAlarm, type EventSummary } from '../../contract'
import { openDatabase, type Db } from '../store/database'
import { createAlarmService, endedAlarmEntries } from './alarm-service'

let db: Db | undefined
let dir = ''
afterEach(() => {
  db?.close()
  db = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = ''
})

const T0 = Date.parse('2026-11-28T09:00:00+08:00')

function summary(over: Partial<EventSummary> = {}): EventSummary {
  const id = over.id ?? `EV-${Math.random().toString(36).slice(2, 10)}`
  return {
    key: id,
    id,
    version: 1,
    versionCount: 1,
    source: 'citizen',
    channel: null,
    domain: 'governance',
    category: 'hazard',
    severity: 4,
    title: '乐平镇化工厂发生爆炸',
    status: 'reported',
    townshipCode: '140724100',
    township: '乐平镇',
    village: null,
    address: null,
    assigneeName: null,
    deadline: null,
    reportedAt: '2026-11-28T08:59:00+08:00',
    updatedAt: '2026-11-28T08:59:00+08:00',
    receivedAt: '2026-11-28T09:00:00+08:00',
    drill: false,
    drillRunId: null,
    ...over,
  }
}

function setup(opts: { reopen?: boolean } = {}) {
  if (!opts.reopen) dir = mkdtempSync(join(tmpdir(), 'zs-alarms-'))
  db = openDatabase({ dataDir: dir })
  let now = T0
  const pushed: { name: string; key: string; item: unknown }[] = []
  const duty: { text: string; eventId?: string }[] = []
  const service = createAlarmService(db, {
    live: { changed: (name, key, item) => void pushed.push({ name, key, item }) },
    writeSystemEntries: (items) => void duty.push(...items),
    now: () => now,
    checkIntervalMs: 0,
  })
  return { service, pushed, duty, advance: (ms: number) => (now += ms) }
}

const officer = { username: 'officer1', displayName: '李娜' }

describe('raisesAlarm', () => {
  it('takes severity 4 always, 3 only when configured, never a drill', () => {
    expect(raisesAlarm({ severity: 4, drill: false }, { minSeverity: 4 })).toBe(true)
    expect(raisesAlarm({ severity: 3, drill: false }, { minSeverity: 4 })).toBe(false)
    expect(raisesAlarm({ severity: 3, drill: false }, { minSeverity: 3 })).toBe(true)
    expect(raisesAlarm({ severity: 2, drill: false }, { minSeverity: 3 })).toBe(false)
    expect(raisesAlarm({ severity: 4, drill: true }, { minSeverity: 3 })).toBe(false)
    expect(raisesAlarm({ severity: 4, drill: false, drillRunId: 'run-1' }, { minSeverity: 3 })).toBe(false)
  })
})

describe('bannerAlarm', () => {
  it('shows the most severe active alarm, the newest among equals', () => {
    const a = (id: number, severity: number, state: 'active' | 'acknowledged' = 'active') => ({ id, severity, state })
    expect(bannerAlarm([])).toBeNull()
    expect(bannerAlarm([a(1, 4), a(2, 3), a(3, 4)])?.id).toBe(3)
    expect(bannerAlarm([a(1, 4), a(5, 3)])?.id).toBe(1)
    expect(bannerAlarm([a(1, 4, 'acknowledged'), a(2, 3)])?.id).toBe(2)
    expect(bannerAlarm([a(1, 4, 'acknowledged')])).toBeNull()
  })
})

describe('alarm service', () => {
  it('raises one alarm per new real major event and pushes it live', () => {
    const { service, pushed } = setup()
    const raised = service.onNewEvents([
      summary({ id: 'EV-1' }),
      summary({ id: 'EV-2', severity: 3 }),
      summary({ id: 'EV-3', drill: true, drillRunId: 'run-7' }),
      summary({ id: 'EV-4', drill: true }),
    ])
    expect(raised.map((a) => a.eventId)).toEqual(['EV-1'])
    expect(raised[0]).toMatchObject({
      state: 'active',
      severity: 4,
      township: '乐平镇',
      raisedAt: '2026-11-28T09:00:00+08:00',
    })
    expect(pushed).toEqual([{ name: 'alarms.onDidChange', key: String(raised[0].id), item: raised[0] }])
    // The same event again (a redelivery after a restart) raises nothing new.
    expect(service.onNewEvents([summary({ id: 'EV-1' })])).toEqual([])
    expect(service.handlers['alarms.active'](undefined, { scopes: ['read'], peer: 't' })).toMatchObject({ total: 1 })
  })

  it('raises severity 3 once the hall chooses so, and keeps settings versioned', () => {
    const { service, pushed } = setup()
    const state = service.setSettings({ minSeverity: 3, autoClearMinutes: 0, sound: true }, 0, '王班长')
    expect(state).toMatchObject({ version: 1, updatedBy: '王班长' })
    expect(pushed.at(-1)?.name).toBe('alarms.onDidChangeSettings')
    expect(() => service.setSettings({ minSeverity: 4, autoClearMinutes: 0, sound: true }, 0, 'x')).toThrow(/meanwhile/)
    expect(service.onNewEvents([summary({ severity: 3 })])).toHaveLength(1)
  })

  it('an acknowledgement records the operator and time, writes the duty log and is pushed', () => {
    const { service, pushed, duty, advance } = setup()
    const [a] = service.onNewEvents([summary({ id: 'EV-9' })])
    advance(90_000)
    const [acked] = service.acknowledge([a.id], officer)
    expect(acked).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'officer1',
      acknowledgedByName: '李娜',
      endedAt: '2026-11-28T09:01:30+08:00',
    })
    expect(pushed.at(-1)).toMatchObject({ name: 'alarms.onDidChange', item: { state: 'acknowledged' } })
    expect(duty).toEqual([{ text: '4 级事件警报已由 李娜 确认：乐平镇化工厂发生爆炸（乐平镇）', eventId: 'EV-9' }])
    // A second workstation acknowledging the same alarm changes nothing and logs nothing.
    const again = service.acknowledge([a.id], { username: 'officer2', displayName: '张伟' })
    expect(again[0].acknowledgedBy).toBe('officer1')
    expect(duty).toHaveLength(1)
    expect(() => service.acknowledge([999], officer)).toThrow(/no alarm/)
  })

  it('the acknowledgement needs a signed-in operator', () => {
    const { service } = setup()
    const [a] = service.onNewEvents([summary()])
    expect(() => service.handlers['alarms.acknowledge']({ ids: [a.id] }, { scopes: ['operate'], peer: 't' })).toThrow(
      /signed-in operator/,
    )
  })

  it('expires unacknowledged alarms after the configured time only', () => {
    const { service, duty, advance } = setup()
    const [a] = service.onNewEvents([summary({ id: 'EV-5' })])
    advance(3600_000)
    expect(service.expireDue()).toEqual([]) // 0 = until acknowledged
    service.setSettings({ minSeverity: 4, autoClearMinutes: 120, sound: true }, 0, null)
    expect(service.expireDue()).toEqual([])
    advance(3600_000)
    const ended = service.expireDue()
    expect(ended).toMatchObject([{ id: a.id, state: 'expired', acknowledgedBy: null }])
    expect(duty.at(-1)?.text).toBe('4 级事件警报超时自动解除：乐平镇化工厂发生爆炸（乐平镇）')
    expect(service.expireDue()).toEqual([])
  })

  it('keeps alarms and settings across a restart', () => {
    const first = setup()
    first.service.setSettings({ minSeverity: 3, autoClearMinutes: 0, sound: false }, 0, null)
    const [a, b] = first.service.onNewEvents([summary({ id: 'EV-A' }), summary({ id: 'EV-B' })])
    first.service.acknowledge([a.id], officer)
    first.service.stop()
    db!.close()
    const second = setup({ reopen: true })
    expect(second.service.settings().settings).toEqual({ minSeverity: 3, autoClearMinutes: 0, sound: false })
    const active = second.service.handlers['alarms.active'](undefined, { scopes: ['read'], peer: 't' }) as {
      items: { id: number }[]
    }
    expect(active.items.map((x) => x.id)).toEqual([b.id])
  })

  it('summarises a burst of acknowledgements in one duty log line', () => {
    const entries = endedAlarmEntries(
      Array.from({ length: 7 }, (_, i) => ({
        id: i + 1,
        eventId: `EV-${i}`,
        severity: 4,
        title: 't',
        townshipCode: '140724100',
        township: null,
        source: 'citizen',
        reportedAt: '',
        raisedAt: '2026-11-28T09:00:00+08:00',
        state: 'acknowledged' as const,
        endedAt: null,
        acknowledgedBy: 'u',
        acknowledgedByName: '李娜',
      })),
      'acknowledged',
    )
    expect(entries).toEqual([{ text: '7 条警报已由 李娜 确认：EV-0、EV-1、EV-2、EV-3、EV-4 等' }])
  })
})
