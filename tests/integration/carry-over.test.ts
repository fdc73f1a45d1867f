/**
 * After a handover: the items it carries over are dealt with when their state resolves (event
 * closed, alert confirmed, command acknowledged, zero report received) or when an operator marks
 * them done with a note (append-only, in the duty log); the signed handover is published as
 * zs.handover/1 for the platform's archive — also when it was signed while the broker was down —
 * and the engine does not quarantine it; overdue events and 督办 commands get their duty-log lines,
 * an overdue one only once across restarts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  zsHandoverSchema,
  type CarriedOver,
  type DutyEntry,
  type Handover,
  type OperatorAccount,
  type OutboxItem,
  type ZsRegistry,
} from '../../electron/contract'
import { createEngine, type Engine, type EngineOptions } from '../../electron/engine'
import { DUTYLOG_FILE } from '../../electron/engine/dutylog/dutylog-store'
import { makeEvent } from '../fixtures/events'
import { ADMIN_CTX, asOperator } from '../helpers/auth'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Publisher } from '../helpers/mqtt'
import { until } from '../helpers/until'

const root = 'co'
const hallId = 'hall-co'

const registry: ZsRegistry = {
  schema: 'zs.registry/1',
  version: 1,
  county: { code: '140724', name: '昔阳县' },
  townships: [{ code: '140724100', name: '乐平镇' }],
  villages: [],
  grids: [],
  microGrids: [],
  units: [],
  communities: [],
  propertyCompanies: [],
}

describe('carried-over items, publishing the handover, overdue and supervision lines', () => {
  let broker: MosquittoBroker
  let pub: Publisher
  let archive: MqttClient
  const archived: { topic: string; payload: unknown }[] = []
  let engine: Engine
  let dir: string
  const engineOptions = (): EngineOptions => ({
    broker: { url: broker.url },
    topicRoot: root,
    hallId,
    dataDir: dir,
    auth: { passwordCost: { N: 1024, r: 8, p: 1 } },
    dutyLog: { watchIntervalMs: 100, backup: { intervalMinutes: 0 } },
    // Past the deadline all day, so a township without its report is missing whatever the time.
    zeroReportDeadline: '00:00',
    log: () => {},
  })
  const call = async <T>(method: string, params: unknown, ctx = ADMIN_CTX): Promise<T> => {
    const env = await engine.dispatch(method, params, ctx)
    if (!env.ok) throw new Error(`${method}: ${JSON.stringify(env.error)}`)
    return env.value as T
  }
  const entries = async (text: string) =>
    (await call<{ items: DutyEntry[] }>('dutyLog.list', { text, limit: 100 })).items

  beforeAll(async () => {
    broker = await startMosquitto()
    pub = await connectPublisher(broker.url)
    // The platform's archive: a persistent subscriber to every hall's handovers.
    archive = await mqtt.connectAsync(broker.url, { clientId: 'archive', clean: false, reconnectPeriod: 200 })
    archive.on('message', (topic, payload) => archived.push({ topic, payload: JSON.parse(payload.toString()) }))
    await archive.subscribeAsync(`${root}/halls/+/handovers`, { qos: 1 })
    dir = mkdtempSync(join(tmpdir(), 'zs-carry-'))
    engine = await createEngine(engineOptions())
    await engine.waitForBroker()
  })
  afterAll(async () => {
    await engine?.stop().catch(() => {})
    await archive?.endAsync()
    await pub?.close()
    await broker?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('carries the open items over until each is dealt with, and publishes the signed handover', async () => {
    const past = new Date(Date.now() - 3 * 3600_000).toISOString()
    await pub.publish(`${root}/registry`, registry, { retain: false })
    const late = makeEvent({ id: 'EV-CO-LATE', status: 'dispatched', deadline: past, title: '逾期的供水维修' })
    await pub.publish(`${root}/events/grid_patrol`, late)
    const sup = makeEvent({ id: 'EV-CO-SUP', status: 'in_progress', supervision: { level: 2, note: '督办' } })
    await pub.publish(`${root}/events/grid_patrol`, sup)
    const alert = {
      schema: 'zs.video_alert/1',
      id: 'VA-CO-1',
      version: 1,
      type: 'garbage_overflow',
      status: 'new',
      communityId: 'C-1',
      detectedAt: new Date().toISOString(),
      snapshot: { url: 'https://cdn.example/a.jpg' },
      drill: false,
    }
    await pub.publish(`${root}/video/alerts/C-1`, alert)
    await until(() => engine.events.summary('EV-CO-SUP') && engine.videoAlerts.summary('VA-CO-1'), 'the data')

    // The overdue event has its duty-log line (the watch runs every 100 ms here).
    await until(async () => (await entries('逾期的供水维修')).length === 1, 'the overdue line')

    const mk = (username: string, role: 'lead' | 'officer', displayName: string) =>
      call<OperatorAccount>('operators.create', { username, displayName, role, password: `${username}-password` })
    const leadA = await mk('lead-a', 'lead', '王班长')
    const leadB = await mk('lead-b', 'lead', '李班长')
    const officer = await mk('officer-c', 'officer', '张值班')
    const leadACtx = asOperator('lead', leadA)

    // 督办 issued from the hall: a line in the duty log, with who issued it.
    await call<OutboxItem>(
      'commands.issue',
      {
        target: { type: 'event', id: 'EV-CO-LATE', baseVersion: 1 },
        action: 'supervise',
        params: { level: 2, note: '请今日办结' },
      },
      leadACtx,
    )
    const supLine = await entries('督办事件 EV-CO-LATE')
    expect(supLine.map((e) => e.text)).toEqual(['王班长 督办事件 EV-CO-LATE（二级督办）：请今日办结'])
    expect(supLine[0].eventId).toBe('EV-CO-LATE')
    await until(() => engine.health().outbox.pending === 0, 'the supervise command sent')

    const instruction = await call<DutyEntry>(
      'dutyLog.add',
      { type: 'instruction', text: '今晚加强危化品巡查', instructedBy: '县委书记' },
      leadACtx,
    )

    // The broker is down when a command is issued (it waits in the outbox) and when both leads
    // sign: the handover is published when the broker is back.
    await broker.halt()
    const waiting = await call<OutboxItem>(
      'commands.issue',
      { target: { type: 'event', id: 'EV-CO-SUP', baseVersion: 1 }, action: 'comment', params: { note: '请反馈进展' } },
      leadACtx,
    )
    const handover = await call<Handover>(
      'handover.sign',
      {
        summary: '本班 2 起未办结，1 起逾期。',
        outgoingPassword: 'lead-a-password',
        incomingUsername: 'lead-b',
        incomingPassword: 'lead-b-password',
      },
      leadACtx,
    )
    expect(handover.openItems.missingZeroReports).toEqual(['乐平镇'])
    await broker.start()
    // The platform's publisher does not reconnect by itself.
    pub.client.end(true)
    pub = await connectPublisher(broker.url)
    const got = await until(
      () => archived.find((a) => (a.payload as { id?: string }).id === handover.id),
      'the archive',
    )
    expect(got.topic).toBe(`${root}/halls/${hallId}/handovers`)
    const payload = zsHandoverSchema.parse(got.payload)
    expect(payload).toMatchObject({
      hallId,
      hash: handover.hash,
      prevHash: handover.prevHash,
      summary: handover.summary,
    })
    expect(payload.incoming.displayName).toBe('李班长')
    // The engine sees its own publication on {root}/# and neither quarantines nor stores it.
    await until(() => engine.health().ingest.ignored > 0, 'own publication ignored')
    expect(engine.health().ingest.quarantined).toBe(0)

    // The next shift sees every item, none dealt with yet.
    const leadBCtx = asOperator('lead', leadB)
    let carried = await call<CarriedOver>('handover.carriedOver', {}, leadBCtx)
    expect(carried.handover).toMatchObject({ id: handover.id, incoming: '李班长' })
    const keys = carried.items.map((i) => i.key)
    expect(keys).toEqual(
      expect.arrayContaining([
        'overdue:EV-CO-LATE',
        'supervised:EV-CO-SUP',
        'video_alert:VA-CO-1',
        `command:${waiting.commandId}`,
        'zero_report:乐平镇',
        `instruction:${instruction.id}`,
      ]),
    )
    expect(carried.pending).toBe(carried.items.length)

    // The states resolve on the platform's side…
    await pub.publish(`${root}/events/grid_patrol`, { ...late, version: 2, status: 'closed' })
    await pub.publish(`${root}/events/grid_patrol`, { ...sup, version: 2, status: 'closed' })
    await pub.publish(`${root}/video/alerts/C-1`, { ...alert, version: 2, status: 'confirmed' })
    await pub.publish(`${root}/acks/${hallId}`, {
      schema: 'zs.ack/1',
      commandId: waiting.commandId,
      ok: true,
      error: null,
      resultVersion: 2,
      at: new Date().toISOString(),
    })
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    await pub.publish(`${root}/zero-reports/140724100`, {
      schema: 'zs.zero_report/1',
      id: `ZR-${today}-140724100`,
      date: today,
      unitCode: '140724100',
      unitName: '乐平镇',
      level: 'township',
      nothingToReport: true,
      note: '',
      reportedAt: new Date().toISOString(),
    })
    carried = await until(async () => {
      const c = await call<CarriedOver>('handover.carriedOver', {}, leadBCtx)
      return c.pending === 1 ? c : null
    }, 'the items resolved by their state')
    const byKey = new Map(carried.items.map((i) => [i.key, i]))
    expect(byKey.get('overdue:EV-CO-LATE')?.done).toMatchObject({ auto: true, note: '事件已办结', byName: '系统' })
    expect(byKey.get('video_alert:VA-CO-1')?.done).toMatchObject({ auto: true, note: '告警已确认' })
    expect(byKey.get(`command:${waiting.commandId}`)?.done).toMatchObject({ auto: true, note: '平台已确认指令' })
    expect(byKey.get('zero_report:乐平镇')?.done?.auto).toBe(true)

    // …the instruction only by an operator, with a note; a reopened event does not bring it back.
    const key = `instruction:${instruction.id}`
    const refused = await engine.dispatch(
      'handover.markDone',
      { handoverId: handover.id, key, note: ' ' },
      asOperator('officer', officer),
    )
    expect(!refused.ok && refused.error.code).toBe('invalid_params')
    const marked = await call<CarriedOver['items'][number]>(
      'handover.markDone',
      { handoverId: handover.id, key, note: '已电话落实，巡查队已出发' },
      asOperator('officer', officer),
    )
    expect(marked.done).toMatchObject({ auto: false, byName: '张值班', note: '已电话落实，巡查队已出发' })
    carried = await call<CarriedOver>('handover.carriedOver', {}, leadBCtx)
    expect(carried.pending).toBe(0)
    const line = await entries('交接遗留事项已处理')
    expect(line.map((e) => [e.authorName, e.text])).toEqual([
      ['张值班', `交接遗留事项已处理：今晚加强危化品巡查（${instruction.id}）。说明：已电话落实，巡查队已出发`],
    ])
    // The instruction carried out is not collected again by the next handover.
    const next = await call<{ openItems: Handover['openItems'] }>('handover.prepare', {}, leadBCtx)
    expect(next.openItems.openInstructions).toEqual([])
    await pub.publish(`${root}/events/grid_patrol`, { ...late, version: 3, status: 'dispatched' })
    await until(() => engine.events.summary('EV-CO-LATE')?.version === 3, 'reopened')
    expect((await call<CarriedOver>('handover.carriedOver', {}, leadBCtx)).pending).toBe(0)

    // Done marks are append-only, and the duty log's chain stays intact.
    const raw = new Database(join(dir, DUTYLOG_FILE))
    expect(() => raw.prepare("UPDATE carried_done SET note = 'x'").run()).toThrow(/append-only/)
    expect(() => raw.prepare('DELETE FROM carried_done').run()).toThrow(/append-only/)
    raw.close()
    expect((await call<{ ok: boolean }>('dutyLog.integrity', { run: true })).ok).toBe(true)
  })

  it('notes an overdue event once, also across a restart', async () => {
    await pub.publish(
      `${root}/events/citizen`,
      makeEvent({
        id: 'EV-CO-LATE2',
        source: 'citizen',
        status: 'dispatched',
        deadline: new Date(Date.now() - 60_000).toISOString(),
        title: '第二起逾期',
      }),
    )
    await until(async () => (await entries('第二起逾期')).length === 1, 'the overdue line')
    await engine.stop()
    engine = await createEngine(engineOptions())
    await engine.waitForBroker()
    // Several watch ticks later, still one line, and the handover is not published twice.
    const before = archived.length
    await new Promise((r) => setTimeout(r, 600))
    expect(await entries('第二起逾期')).toHaveLength(1)
    expect(await entries('逾期的供水维修')).toHaveLength(1)
    expect(archived.length).toBe(before)
  })

  it('notes 督办 the platform records once per level, also across a restart; drills and closed events never', async () => {
    const supervised = (id: string, version: number, level: number, extra: object = {}) =>
      pub.publish(
        `${root}/events/citizen`,
        makeEvent({
          id,
          version,
          source: 'citizen',
          status: 'dispatched',
          title: `督办测试${id}`,
          supervision: { level, note: '县领导督办', by: '县委政法委' },
          ...extra,
        }),
      )
    await supervised('EV-CO-SUPX', 1, 1)
    await until(async () => (await entries('督办测试EV-CO-SUPX')).length === 1, 'the supervision line')
    expect((await entries('督办测试EV-CO-SUPX'))[0].text).toContain('一级督办')
    // Raised to level 2: a second line; the same level again: none.
    await supervised('EV-CO-SUPX', 2, 2)
    await until(async () => (await entries('督办测试EV-CO-SUPX')).length === 2, 'the level-2 line')
    await supervised('EV-CO-SUPX', 3, 2)
    // A closed supervised event is not under supervision any more.
    await supervised('EV-CO-SUPX-DONE', 1, 3, { status: 'closed' })
    await engine.stop()
    engine = await createEngine(engineOptions())
    await engine.waitForBroker()
    await new Promise((r) => setTimeout(r, 600))
    expect(await entries('督办测试EV-CO-SUPX')).toHaveLength(2)
    expect(await entries('督办测试EV-CO-SUPX-DONE')).toHaveLength(0)

    // The platform lifts it: one line; supervised again later: noted again.
    await supervised('EV-CO-SUPX', 4, 2, { supervision: null })
    await until(async () => (await entries('督办测试EV-CO-SUPX')).length === 3, 'the lifted line')
    expect((await entries('督办测试EV-CO-SUPX')).map((e) => e.text)).toContain(
      `事件解除督办：督办测试EV-CO-SUPX（${makeEvent().location.township}）`,
    )
    await new Promise((r) => setTimeout(r, 600))
    expect(await entries('督办测试EV-CO-SUPX')).toHaveLength(3)
    await supervised('EV-CO-SUPX', 5, 1)
    await until(async () => (await entries('督办测试EV-CO-SUPX')).length === 4, 'supervised again')
  })
})
