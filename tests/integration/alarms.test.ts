/**
 * Alarms end to end through the real host process and a real Mosquitto: a severity-4 real event
 * raises an alarm pushed live over the WebSocket, drill events raise none, only an operator with
 * `operate` acknowledges (recorded with who, written to the duty log, pushed live), the shift lead
 * may make severity 3 raise alarms, and alarms and settings survive an engine restart.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Alarm, AlarmSettingsState, DutyEntry } from '../../electron/contract'
import { WS_PATH } from '../../electron/contract/wire'
import { eventTopic, makeEvent } from '../fixtures/events'
import { startEngineProcess, TEST_OPERATORS, type EngineProcess } from '../helpers/engine'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Publisher } from '../helpers/mqtt'

const WALL_TOKEN = 'wall-screen-token-alarms-0123456789'

describe('alarms', () => {
  let broker: MosquittoBroker
  let engine: EngineProcess
  let pub: Publisher
  let dir: string
  const hallId = `hall-alarms-${process.pid}`
  const start = () =>
    startEngineProcess({ brokerUrl: broker.url, dataDir: dir, hallId, extraArgs: ['--read-only-token', WALL_TOKEN] })

  beforeAll(async () => {
    broker = await startMosquitto()
    pub = await connectPublisher(broker.url)
    dir = mkdtempSync(join(tmpdir(), 'zs-alarms-it-'))
    engine = await start()
    const end = Date.now() + 15_000
    while ((await engine.get<{ broker: { state: string } }>('/api/health')).broker.state !== 'connected') {
      if (Date.now() > end) throw new Error('the engine did not connect to Mosquitto')
      await new Promise((r) => setTimeout(r, 50))
    }
  })
  afterAll(async () => {
    await engine?.stop()
    await pub?.close()
    await broker?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const value = async <T>(method: string, params: unknown = {}, token?: string): Promise<T> => {
    const r = await engine.rpc<T>(method, params, token)
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`)
    return r.value
  }
  const active = () => value<{ items: Alarm[]; total: number }>('alarms.active')
  const code = async (method: string, params: unknown, token?: string) => {
    const r = await engine.rpc(method, params, token)
    return r.ok ? 'ok' : r.error.code
  }

  it('raises, pushes and acknowledges an alarm; drills raise none', async () => {
    const ws = new WebSocket(`${engine.url.replace('http', 'ws')}${WS_PATH}`)
    const pushed: Alarm[] = []
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { t: string; name?: string; data?: { items: Alarm[] } }
      if (f.t === 'event' && f.name === 'alarms.onDidChange') pushed.push(...f.data!.items)
    })
    await new Promise((r) => ws.once('open', r))
    ws.send(JSON.stringify({ t: 'hello', token: WALL_TOKEN, protocol: 1 }))
    ws.send(JSON.stringify({ t: 'sub', events: ['alarms.onDidChange'] }))

    const drill = makeEvent({ severity: 4, title: '演练：危化品泄漏', drill: true })
    const drillRun = makeEvent({ severity: 4, title: '演练：山体滑坡', drill: true })
    const minor = makeEvent({ severity: 3, title: '三级事件' })
    const major = makeEvent({ severity: 4, title: '乐平镇化工厂爆炸' })
    await pub.publish(eventTopic(drill.source), drill)
    await pub.publish(`zs/drill/run-7/events/${drillRun.source}`, drillRun)
    await pub.publish(eventTopic(minor.source), minor)
    await pub.publish(eventTopic(major.source), major)

    // QoS 1 from one publisher keeps its order: once the last event raised its alarm, the drills were in.
    await expect.poll(async () => (await active()).items.map((a) => a.eventId)).toEqual([major.id])
    const [alarm] = (await active()).items
    expect(alarm).toMatchObject({ severity: 4, title: '乐平镇化工厂爆炸', state: 'active' })
    await expect.poll(() => pushed.find((a) => a.id === alarm.id)?.state).toBe('active')

    // The hall token and a wall token read; only an operator with `operate` acknowledges.
    expect(await code('alarms.acknowledge', { ids: [alarm.id] })).toBe('forbidden')
    expect(await code('alarms.acknowledge', { ids: [alarm.id] }, WALL_TOKEN)).toBe('forbidden')
    expect(await code('alarms.acknowledge', { ids: [alarm.id] }, await engine.sessionToken('trainer'))).toBe(
      'forbidden',
    )
    const officer = await engine.sessionToken('officer')
    const acked = await value<{ items: Alarm[] }>('alarms.acknowledge', { ids: [alarm.id] }, officer)
    expect(acked.items[0]).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: TEST_OPERATORS.officer.username,
      acknowledgedByName: TEST_OPERATORS.officer.displayName,
    })
    expect(acked.items[0].endedAt).toMatch(/\+08:00$/)
    await expect.poll(() => pushed.filter((a) => a.id === alarm.id).at(-1)?.state).toBe('acknowledged')
    expect((await active()).total).toBe(0)

    const log = await value<{ items: DutyEntry[] }>('dutyLog.list', { type: 'system', limit: 50 }, officer)
    const entry = log.items.find((e) => e.text.includes('确认'))
    expect(entry).toMatchObject({
      auto: true,
      eventId: major.id,
      text: `4 级事件警报已由 ${TEST_OPERATORS.officer.displayName} 确认：乐平镇化工厂爆炸（${major.location.township}）`,
    })
    ws.close()
  })

  it('a burst of major events reaches the duty log in a few lines, every event accounted for', async () => {
    const officer = await engine.sessionToken('officer')
    const system = async () =>
      (await value<{ items: DutyEntry[] }>('dutyLog.list', { type: 'system', limit: 200 }, officer)).items
    const before = new Set((await system()).map((e) => e.id))
    const burst = Array.from({ length: 40 }, (_, i) => makeEvent({ severity: 3, title: `暴雨积水点 ${i + 1}` }))
    await Promise.all(burst.map((e) => pub.publish(eventTopic(e.source), e)))
    const ids = new Set(burst.map((e) => e.id))
    // A line names one event, or counts a burst and names its first five.
    const lines = async () => (await system()).filter((e) => !before.has(e.id))
    const accounted = async () => {
      let n = 0
      for (const line of await lines()) {
        const many = /^(\d+) 起 3 级以上事件上报：(.+)$/.exec(line.text)
        if (many) {
          n += Number(many[1])
          for (const id of many[2].replace(/ 等$/, '').split('、')) expect(ids.has(id)).toBe(true)
        } else if (line.text.startsWith('3 级事件上报：暴雨积水点')) {
          expect(ids.has(line.eventId!)).toBe(true)
          n++
        }
      }
      return n
    }
    await expect.poll(accounted, { timeout: 15_000 }).toBe(40)
    // The first at once, the rest of the second together: far fewer lines than events.
    expect((await lines()).length).toBeLessThanOrEqual(8)
  })

  it('the shift lead makes severity 3 raise alarms; alarms and settings survive a restart', async () => {
    const officer = await engine.sessionToken('officer')
    const lead = await engine.sessionToken('lead')
    const settings = { minSeverity: 3, autoClearMinutes: 0, sound: true }
    expect(await code('alarms.setSettings', { settings, baseVersion: 0 }, officer)).toBe('forbidden')
    const saved = await value<AlarmSettingsState>('alarms.setSettings', { settings, baseVersion: 0 }, lead)
    expect(saved).toMatchObject({ version: 1, updatedBy: TEST_OPERATORS.lead.displayName })

    const three = makeEvent({ severity: 3, title: '大寨镇山体塌方' })
    await pub.publish(eventTopic(three.source), three)
    await expect.poll(async () => (await active()).items.map((a) => a.eventId)).toEqual([three.id])

    await engine.stop()
    engine = await start()
    expect((await active()).items.map((a) => a.eventId)).toEqual([three.id])
    expect(await value<AlarmSettingsState>('alarms.getSettings')).toMatchObject({ version: 1, settings })
    const recent = await value<{ items: Alarm[] }>('alarms.list', { limit: 10 })
    expect(recent.items.map((a) => a.state)).toEqual(['active', 'acknowledged'])
  })
})
