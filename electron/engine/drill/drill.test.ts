import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  ContractFailure,
  drillScenarioDocSchema,
  parseDrillOffset,
  zsAckSchema,
  zsEventSchema,
  zsVideoAlertSchema,
  zsZeroReportSchema,
  type DrillInject,
  type ZsCommand,
} from '../../contract'
import { buildXiyangRegistry } from '../../sim/county'
import { drillMismatch } from '../mqtt/ingest'
import { routeTopic } from '../domain/topics'
import { drillCounty } from './county'
import { createDrillService } from './drill-service'
import { openDrillStore, type DrillStore } from './drill-store'
import { parseScenarioJson } from './handlers'
import { evaluateRun } from './scoring'
import { DRILL_TEMPLATES } from './templates'

const county = buildXiyangRegistry()

describe('drill templates', () => {
  it('are five valid scenarios of 8–20 injects over real townships, villages, units and communities', () => {
    expect(DRILL_TEMPLATES).toHaveLength(5)
    for (const t of DRILL_TEMPLATES) {
      const doc = drillScenarioDocSchema.parse(t)
      expect(doc.injects.length).toBeGreaterThanOrEqual(8)
      expect(doc.injects.length).toBeLessThanOrEqual(20)
      const townships = new Set<string>()
      const sources = new Set<string>()
      for (const i of doc.injects) {
        if (i.kind === 'event') {
          townships.add(i.townshipCode)
          sources.add(i.source)
          expect(county.townships.some((x) => x.code === i.townshipCode)).toBe(true)
          if (i.villageCode)
            expect(county.villages.find((v) => v.code === i.villageCode)?.townshipCode).toBe(i.townshipCode)
        }
        if (i.kind === 'video_alert') expect(county.communities.some((c) => c.id === i.communityId)).toBe(true)
        if (i.expected?.unitId) expect(county.units.some((u) => u.id === i.expected!.unitId)).toBe(true)
      }
      expect(sources.size).toBeGreaterThanOrEqual(4)
      expect(townships.size + doc.injects.filter((i) => i.kind !== 'event').length).toBeGreaterThanOrEqual(2)
    }
  })
})

describe('scenario import', () => {
  it('explains a file that is not JSON, in Chinese', () => {
    expect(() => parseScenarioJson('{"name": ')).toThrow(/不是有效的 JSON/)
  })
  it('names every problem with its place', () => {
    const bad = {
      name: '测试',
      injects: [
        { id: 'A', at: '5 min', kind: 'event' },
        { id: 'A', at: '00:10', kind: 'follow_up', followsInjectId: 'Z', title: 'x' },
      ],
    }
    try {
      parseScenarioJson(JSON.stringify(bad))
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ContractFailure)
      const msg = (e as Error).message
      expect(msg).toMatch(/预案文件有 \d+ 处错误/)
      expect(msg).toContain('injects[0].at：时间应写成 分:秒')
    }
  })
  it('accepts an exported template back', () => {
    const doc = parseScenarioJson(JSON.stringify({ schema: 'zs.drill_scenario/1', ...DRILL_TEMPLATES[0] }))
    expect(doc.injects).toHaveLength(DRILL_TEMPLATES[0].injects.length)
  })
})

describe('drill service', () => {
  let dir: string
  let store: DrillStore
  let t: number
  let sent: { topic: string; payload: Record<string, unknown> }[]
  let duty: string[]
  const make = () =>
    createDrillService({
      store,
      topicRoot: 'zs',
      hallId: 'hall-1',
      publish: async (topic, payload) => void sent.push({ topic, payload: JSON.parse(payload) }),
      county: () => drillCounty(null),
      dutyLog: (text) => duty.push(text),
      onRunChange: () => {},
      log: () => {},
      now: () => t,
      tickMs: 60_000,
    })
  const flush = () => new Promise((r) => setTimeout(r, 0))
  const command = (
    runId: string,
    target: { type: 'event' | 'video_alert'; id: string; baseVersion: number },
    action: string,
    params = {},
  ): [string, string] => {
    const c: ZsCommand = {
      schema: 'zs.command/1',
      commandId: `c-${Math.random()}`,
      hallId: 'hall-1',
      target,
      action,
      params,
      operator: { id: 'op1', name: '李娜' },
      issuedAt: new Date(t).toISOString(),
      drill: true,
    }
    return [`zs/drill/${runId}/commands/hall-1`, JSON.stringify(c)]
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-drill-'))
    t = Date.parse('2026-11-28T09:00:00+08:00')
    store = openDrillStore({ dataDir: dir, now: () => t })
    sent = []
    duty = []
  })
  afterEach(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('publishes every template’s injects in the drill namespace, all passing the contract schemas', async () => {
    const svc = make()
    for (const tpl of DRILL_TEMPLATES) {
      sent = []
      const run = svc.start(tpl.id, 600, '演练组织者')
      t += 60 * 60_000
      svc.tick()
      await flush()
      expect(sent.length).toBe(tpl.injects.length)
      for (const s of sent) {
        const route = routeTopic(s.topic, 'zs', 'hall-1')
        expect(route.kind).not.toBe('unknown')
        expect('drillRunId' in route && route.drillRunId).toBe(run.id)
        expect(drillMismatch(run.id, s.payload.drill as boolean)).toBeNull()
        const schema = { event: zsEventSchema, video_alert: zsVideoAlertSchema, zero_report: zsZeroReportSchema }[
          route.kind as 'event'
        ]
        expect(schema.safeParse(s.payload).error?.issues ?? []).toEqual([])
      }
      expect(svc.finish(run.id).state).toBe('finished')
    }
    expect(duty.filter((d) => d.startsWith('演练开始'))).toHaveLength(5)
    expect(duty.filter((d) => d.startsWith('演练结束'))).toHaveLength(5)
  })

  it('plays the platform: acks, new versions, the unit’s receipt; measures the trainee', async () => {
    const svc = make()
    const run = svc.start('tpl-hazmat', 1, '演练组织者')
    await flush()
    expect(sent.map((s) => s.payload.id)).toEqual(['DRILL-I01'])
    t += 40_000
    svc.onCommandPublished(...command(run.id, { type: 'event', id: 'DRILL-I01', baseVersion: 1 }, 'accept'))
    await flush()
    const ack = zsAckSchema.parse(sent.find((s) => s.topic === `zs/drill/${run.id}/acks/hall-1`)!.payload)
    expect(ack).toMatchObject({ ok: true, resultVersion: 2 })
    expect(sent.find((s) => s.payload.version === 2)).toMatchObject({ payload: { status: 'accepted', drill: true } })
    t += 60_000
    svc.onCommandPublished(
      ...command(run.id, { type: 'event', id: 'DRILL-I01', baseVersion: 2 }, 'dispatch', {
        unitId: 'U-ECO',
        deadline: new Date(t + 86_400_000).toISOString(),
      }),
    )
    // A stale command is refused like the platform would.
    svc.onCommandPublished(...command(run.id, { type: 'event', id: 'DRILL-I01', baseVersion: 1 }, 'accept'))
    await flush()
    const acks = sent.filter((s) => s.topic.endsWith('/acks/hall-1')).map((s) => s.payload)
    expect(acks.map((a) => a.ok)).toEqual([true, true, false])
    expect(acks[2]).toMatchObject({ error: { code: 'stale_version' } })
    t += 6 * 60_000
    svc.tick()
    await flush()
    expect(sent.filter((s) => s.payload.id === 'DRILL-I01').at(-1)!.payload).toMatchObject({
      status: 'in_progress',
    })

    svc.addNote(run.id, '受理及时', '演练组织者')
    const report = svc.report(run.id)
    const i01 = report.injects.find((r) => r.injectId === 'I01')!
    expect(i01).toMatchObject({ acceptSec: 40, dispatchSec: 100, unitCorrect: true, onTime: true, score: 100 })
    expect(report.injects.find((r) => r.injectId === 'I03')).toMatchObject({
      pending: true,
      missed: false,
      score: null,
    })
    expect(report.notes).toHaveLength(1)
    expect(report.score.rules.length).toBeGreaterThan(2)
  })

  it('answers a command on a drill video alert and scores the expected confirm', async () => {
    const svc = make()
    const run = svc.start('tpl-flood', 1, '演练组织者')
    svc.skip(run.id) // I02 at 03:00
    svc.skip(run.id) // I03
    svc.skip(run.id) // I04
    svc.skip(run.id) // I05: the video alert at 07:30
    await flush()
    const alert = sent.find((s) => s.payload.id === 'VA-DRILL-I05')!
    expect(alert.topic).toBe(`zs/drill/${run.id}/video/alerts/C-JBY`)
    t += 45_000
    svc.onCommandPublished(...command(run.id, { type: 'video_alert', id: 'VA-DRILL-I05', baseVersion: 1 }, 'confirm'))
    await flush()
    expect(sent.filter((s) => s.payload.id === 'VA-DRILL-I05').at(-1)!.payload).toMatchObject({
      version: 2,
      status: 'confirmed',
      drill: true,
    })
    expect(svc.report(run.id).injects.find((r) => r.injectId === 'I05')).toMatchObject({
      expectedActionSec: 45,
      onTime: true,
      score: 100,
    })
    svc.stop()
  })

  it('a unit that is not the expected one sends the dispatch back', async () => {
    const svc = make()
    const run = svc.start('tpl-hazmat', 1, '演练组织者')
    svc.onCommandPublished(...command(run.id, { type: 'event', id: 'DRILL-I01', baseVersion: 1 }, 'accept'))
    svc.onCommandPublished(
      ...command(run.id, { type: 'event', id: 'DRILL-I01', baseVersion: 2 }, 'dispatch', {
        unitId: 'U-PSB',
        deadline: new Date(t + 86_400_000).toISOString(),
      }),
    )
    t += 6 * 60_000
    svc.tick()
    await flush()
    const last = sent.filter((s) => s.payload.id === 'DRILL-I01' && s.payload.status !== 'reported').at(-1)!.payload
    expect(last).toMatchObject({ status: 'returned', assignee: { unitId: 'U-PSB' } })
    expect(svc.report(run.id).injects[0]).toMatchObject({
      unitCorrect: false,
      dispatchedUnitName: '县公安局',
      score: 60,
    })
    svc.stop()
  })

  it('a run survives a restart: paused, marked interrupted, in the duty log, resumable', async () => {
    const svc = make()
    const run = svc.start('tpl-flood', 1, '演练组织者')
    t += 4 * 60_000
    svc.tick()
    svc.stop()
    store.close()
    store = openDrillStore({ dataDir: dir, now: () => t })
    t += 10 * 60_000 // the engine was down
    const again = make()
    const active = again.active()!
    expect(active).toMatchObject({ id: run.id, state: 'paused' })
    expect(active.interruptedAt).not.toBeNull()
    expect(active.clockMs).toBeGreaterThanOrEqual(parseDrillOffset('03:00'))
    expect(active.clockMs).toBeLessThan(parseDrillOffset('05:00'))
    expect(duty.some((d) => d.includes('程序重启'))).toBe(true)
    expect(again.resume(run.id).state).toBe('running')
    expect(again.skip(run.id).publishedCount).toBe(3)
    again.stop()
  })
})

describe('scoring', () => {
  const inject = (id: string, expected: DrillInject['expected']): DrillInject => ({
    id,
    at: '00:00',
    kind: 'event',
    source: 'citizen',
    domain: 'service',
    category: 'x',
    severity: 2,
    title: id,
    townshipCode: '140724100',
    expected,
  })
  const act = (injectId: string, action: string, clockMs: number, unitId: string | null = null, result = 'ok') => ({
    at: '2026-11-28T09:00:00+08:00',
    clockMs,
    operator: 'a',
    action,
    targetType: 'event' as const,
    targetId: injectId,
    injectId,
    unitId,
    result,
  })
  it('scores timing and unit by the stated rules', () => {
    const { injects, score } = evaluateRun({
      injects: [
        inject('A', { action: 'dispatch', unitId: 'U-ECO', withinSec: 60 }),
        inject('B', { action: 'dispatch', unitId: 'U-ECO', withinSec: 60 }),
        inject('C', { action: 'accept', withinSec: 60 }),
        inject('D', { action: 'accept', withinSec: 60 }),
        inject('E', null),
      ],
      injected: new Map(['A', 'B', 'C', 'D', 'E'].map((i) => [i, { publishedMs: 0 }])),
      actions: [
        act('A', 'accept', 10_000),
        act('A', 'dispatch', 50_000, 'U-ECO'),
        act('B', 'dispatch', 5_000, 'U-PSB', 'stale_version'),
        act('B', 'dispatch', 90_000, 'U-PSB'),
        act('C', 'accept', 120_000),
      ],
      townshipName: () => null,
      unitName: () => null,
    })
    expect(injects.map((r) => r.score)).toEqual([100, 30, 50, 0, null])
    expect(injects[1]).toMatchObject({ dispatchSec: 90, unitCorrect: false, onTime: false })
    expect(score).toMatchObject({ total: 45, scoredInjects: 4, missed: 1, unitAccuracy: 50 })
  })
  it('credits each inject’s first accept, dispatch and expected action to the trainee who did it', () => {
    const by = (operator: string, a: ReturnType<typeof act>) => ({ ...a, operator })
    const { trainees } = evaluateRun({
      injects: [
        inject('A', { action: 'dispatch', unitId: 'U-ECO', withinSec: 60 }),
        inject('B', { action: 'dispatch', unitId: 'U-ECO', withinSec: 60 }),
        inject('C', { action: 'accept', withinSec: 60 }),
      ],
      injected: new Map(['A', 'B', 'C'].map((i) => [i, { publishedMs: 0 }])),
      actions: [
        by('李四', act('A', 'accept', 10_000)),
        by('张三', act('A', 'accept', 20_000)), // too late to count: 李四 accepted first
        by('张三', act('A', 'dispatch', 50_000, 'U-ECO')),
        by('王五', act('B', 'dispatch', 5_000, 'U-PSB', 'stale_version')),
        by('王五', act('B', 'dispatch', 90_000, 'U-PSB')),
        by('李四', act('C', 'accept', 30_000)),
      ],
      townshipName: () => null,
      unitName: () => null,
    })
    expect(trainees).toEqual([
      {
        operator: '李四',
        actions: 2,
        refused: 0,
        accepts: 2,
        avgAcceptSec: 20,
        dispatches: 0,
        avgDispatchSec: null,
        unitExpected: 0,
        unitCorrect: 0,
        expectedDone: 1,
        onTime: 1,
      },
      {
        operator: '张三',
        actions: 2,
        refused: 0,
        accepts: 0,
        avgAcceptSec: null,
        dispatches: 1,
        avgDispatchSec: 50,
        unitExpected: 1,
        unitCorrect: 1,
        expectedDone: 1,
        onTime: 1,
      },
      {
        operator: '王五',
        actions: 2,
        refused: 1,
        accepts: 0,
        avgAcceptSec: null,
        dispatches: 1,
        avgDispatchSec: 90,
        unitExpected: 1,
        unitCorrect: 0,
        expectedDone: 1,
        onTime: 0,
      },
    ])
  })
  it('while the run is on, an inject whose window is still open is pending, not missed', () => {
    const run = (clockMs?: number) =>
      evaluateRun({
        injects: [inject('A', { action: 'accept', withinSec: 60 })],
        injected: new Map([['A', { publishedMs: 10_000 }]]),
        actions: [],
        townshipName: () => null,
        unitName: () => null,
        clockMs,
      }).injects[0]
    expect(run(30_000)).toMatchObject({ pending: true, missed: false, score: null })
    expect(run(80_000)).toMatchObject({ pending: false, missed: true, score: 0 })
    expect(run()).toMatchObject({ pending: false, missed: true, score: 0 })
  })
})
