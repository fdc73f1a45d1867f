/**
 * The drill engine: runs a scenario's clock, publishes its injects in the drill namespace through
 * the engine's MQTT link, and plays the platform for the drill — the trainees' commands on drill
 * events arrive on `{root}/drill/{runId}/commands/{hallId}` (the command service publishes them
 * there, contract) and are answered like the simulator answers real ones (sim/platform.ts,
 * sim/video-platform.ts): a zs.ack/1 on `{root}/drill/{runId}/acks/{hallId}`, the next version of
 * the event or alert, and later the unit's receipt and feedback. Everything the engine sees of it
 * comes back through the normal ingest (stored under drill_run, never in real statistics).
 *
 * The run clock counts drill time: paused time does not count, speed-up multiplies it. It is
 * checkpointed to drills.sqlite3 on every change and every few seconds; after a restart a run
 * that was running is paused and marked interrupted (the trainer resumes or finishes it).
 */
import { randomBytes } from 'node:crypto'
import {
  ContractFailure,
  formatDrillOffset,
  parseDrillOffset,
  zsCommandSchema,
  type DrillInject,
  type DrillReport,
  type DrillReview,
  type DrillRun,
  type ZsCommand,
  type ZsEvent,
  type ZsVideoAlert,
} from '../../contract'
import { decideEventCommand } from '../../sim/platform'
import { decideVideoAlertCommand } from '../../sim/video-platform'
import { versionWithStatus } from '../../sim/lifecycle'
import { createRng, hashSeed, type Rng } from '../../sim/random'
import { toShanghaiIso } from '../../sim/time'
import type { AckErrorCode, ZsAckMessage } from '../../sim/command-router'
import { toHallIso } from '../domain/time'
import type { DrillStore, RunRow } from './drill-store'
import { drillTopic, injectPublication, type DrillCounty } from './inject-payloads'
import { evaluateRun } from './scoring'

export interface DrillServiceDeps {
  store: DrillStore
  topicRoot: string
  hallId: string
  publish(topic: string, payload: string): Promise<void>
  county(): DrillCounty
  /** A line in the duty log (type drill). */
  dutyLog(text: string): void
  onRunChange(run: DrillRun): void
  log(msg: string): void
  now?: () => number
  tickMs?: number
}

interface Active {
  row: RunRow
  injects: DrillInject[]
  published: Set<string>
  rng: Rng
  lastCheckpoint: number
}

const MINUTE = 60_000
const CHECKPOINT_MS = 2_000

export function createDrillService(deps: DrillServiceDeps) {
  const { store } = deps
  const now = deps.now ?? Date.now
  let active: Active | null = null
  let timer: ReturnType<typeof setInterval> | null = null
  const acks = new Map<string, ZsAckMessage>()

  const clockOf = (a: Active, t = now()) =>
    a.row.state === 'running' ? a.row.clock_ms + Math.max(0, t - a.row.clock_real_ms) * a.row.speed : a.row.clock_ms

  function load(row: RunRow): Active {
    return {
      row,
      injects: JSON.parse(row.injects) as DrillInject[],
      published: new Set(store.injected(row.id).map((i) => i.inject_id)),
      rng: createRng(hashSeed(row.id)),
      lastCheckpoint: now(),
    }
  }

  function toRun(row: RunRow): DrillRun {
    const a = active?.row.id === row.id ? active : null
    const injects = a ? a.injects : (JSON.parse(row.injects) as DrillInject[])
    const published = a ? a.published : new Set(store.injected(row.id).map((i) => i.inject_id))
    const next = injects.filter((i) => !published.has(i.id)).map((i) => parseDrillOffset(i.at))
    return {
      id: row.id,
      scenarioId: row.scenario_id,
      scenarioName: row.scenario_name,
      state: row.state,
      speed: row.speed,
      clockMs: Math.round(a ? clockOf(a) : row.clock_ms),
      startedAt: row.started_at,
      startedBy: row.started_by,
      endedAt: row.ended_at,
      injectCount: injects.length,
      publishedCount: published.size,
      nextInjectMs: row.state === 'finished' || !next.length ? null : Math.min(...next),
      interruptedAt: row.interrupted_at,
    }
  }

  function emit() {
    if (active) deps.onRunChange(toRun(active.row))
  }

  function checkpoint(a: Active, state = a.row.state, speed = a.row.speed) {
    const t = now()
    a.row.clock_ms = clockOf(a, t)
    a.row.clock_real_ms = t
    a.row.state = state
    a.row.speed = speed
    a.lastCheckpoint = t
    store.setClock(a.row.id, { state, speed, clockMs: a.row.clock_ms, realMs: t })
  }

  function send(topic: string, payload: object | string, then?: () => void) {
    deps.publish(topic, typeof payload === 'string' ? payload : JSON.stringify(payload)).then(
      () => {
        try {
          then?.()
        } catch (e) {
          deps.log(`drill: after publishing on ${topic}: ${(e as Error).message}`)
        }
      },
      (e: Error) => deps.log(`drill: publish on ${topic} failed: ${e.message}`),
    )
  }

  function publishInject(a: Active, inject: DrillInject) {
    const runId = a.row.id
    const atMs = parseDrillOffset(inject.at)
    const pub = injectPublication(inject, {
      root: deps.topicRoot,
      runId,
      atMs: now(),
      county: deps.county(),
      latestOf: (eventId) => {
        const t = store.target(runId, 'event', eventId)
        return t ? { topic: t.topic, event: JSON.parse(t.latest) as ZsEvent } : null
      },
    })
    a.published.add(inject.id)
    if (!pub) {
      store.recordInjected(runId, inject.id, atMs, now(), null, null)
      return
    }
    const text = JSON.stringify(pub.payload)
    const existing = pub.target ? store.target(runId, pub.target.type, pub.target.id) : null
    store.recordInjected(
      runId,
      inject.id,
      atMs,
      now(),
      { topic: pub.topic, payload: text },
      pub.target
        ? {
            target_type: pub.target.type,
            target_id: pub.target.id,
            inject_id: existing?.inject_id ?? inject.id,
            topic: pub.topic,
            latest: text,
            step_due_ms: existing?.step_due_ms ?? null,
          }
        : null,
    )
    send(pub.topic, text, () => store.confirmInjected(runId, inject.id))
  }

  /** The units' receipts and feedback that fell due on the drill clock. */
  function unitSteps(a: Active, clockMs: number) {
    for (const row of store.dueSteps(a.row.id, clockMs)) {
      const event = JSON.parse(row.latest) as ZsEvent
      const inject = a.injects.find((i) => i.id === row.inject_id)
      const expectedUnit = inject?.expected?.unitId
      let to: 'returned' | 'in_progress' | 'resolved' | null = null
      if (event.status === 'dispatched')
        to = expectedUnit && event.assignee?.unitId !== expectedUnit ? 'returned' : 'in_progress'
      else if (event.status === 'in_progress') to = 'resolved'
      const next = to ? versionWithStatus(event, to, { rng: a.rng, at: now(), units: deps.county().units }) : null
      const stepDue = next?.status === 'in_progress' ? clockMs + a.rng.int(10, 20) * MINUTE : null
      store.putTarget({ ...row, latest: next ? JSON.stringify(next) : row.latest, step_due_ms: stepDue })
      if (next) send(row.topic, next)
    }
  }

  function tick() {
    const a = active
    if (!a || a.row.state !== 'running') return
    try {
      const clockMs = clockOf(a)
      const due = a.injects
        .filter((i) => !a.published.has(i.id) && parseDrillOffset(i.at) <= clockMs)
        .sort((x, y) => parseDrillOffset(x.at) - parseDrillOffset(y.at))
      for (const inject of due) publishInject(a, inject)
      unitSteps(a, clockMs)
      if (due.length) emit()
      if (now() - a.lastCheckpoint >= CHECKPOINT_MS) checkpoint(a)
    } catch (e) {
      deps.log(`drill tick: ${(e as Error).message}`)
    }
  }

  function requireActive(runId: string): Active {
    if (!active || active.row.id !== runId) {
      if (store.run(runId)) throw new ContractFailure('conflict', '该演练已结束')
      throw new ContractFailure('not_found', `演练 ${runId} 不存在`)
    }
    return active
  }

  function startTimer() {
    if (timer) return
    timer = setInterval(tick, deps.tickMs ?? 100)
    timer.unref?.()
  }

  // A run that was running when the engine stopped: paused and marked, never silently lost.
  for (const row of store.activeRuns()) {
    if (active) {
      store.finishRun(row.id, row.clock_ms, now())
      continue
    }
    if (row.state === 'running') {
      store.markInterrupted(row.id, now())
      row.state = 'paused'
      row.interrupted_at = toHallIso(now())
      deps.dutyLog(`演练因程序重启中断，已暂停：${row.scenario_name}（演练时间 ${formatDrillOffset(row.clock_ms)}）`)
    }
    active = load(row)
    // Injects published but never confirmed by the broker go out again (the same id and version:
    // at worst a duplicate the ingest counts).
    for (const i of store.injected(row.id)) if (!i.confirmed && i.topic && i.payload) send(i.topic, i.payload)
  }
  startTimer()

  function answer(
    command: ZsCommand,
    runId: string,
  ): { ok: true; version: number } | { ok: false; code: AckErrorCode; message: string } {
    const run = store.run(runId)
    if (!run || run.state === 'finished') return { ok: false, code: 'forbidden', message: '演练已结束' }
    const row = store.target(runId, command.target.type, command.target.id)
    if (!row) return { ok: false, code: 'unknown_target', message: `${command.target.id} 不是本次演练的注入` }
    const t = now()
    if (command.target.type === 'event') {
      const decision = decideEventCommand(JSON.parse(row.latest) as ZsEvent, command, {
        at: t,
        units: deps.county().units,
      })
      if (!decision.ok) return decision
      const next = { ...decision.next, drill: true }
      const a = active?.row.id === runId ? active : null
      const stepDue = next.status === 'dispatched' && a ? clockOf(a, t) + a.rng.int(2, 5) * MINUTE : row.step_due_ms
      store.putTarget({
        ...row,
        latest: JSON.stringify(next),
        step_due_ms: next.status === 'dispatched' ? stepDue : next.status === 'in_progress' ? row.step_due_ms : null,
      })
      send(row.topic, next)
      return { ok: true, version: next.version }
    }
    const decision = decideVideoAlertCommand(JSON.parse(row.latest) as ZsVideoAlert, command, t)
    if (!decision.ok) return decision
    const next = { ...decision.next, drill: true }
    store.putTarget({ ...row, latest: JSON.stringify(next) })
    send(row.topic, next)
    return { ok: true, version: next.version }
  }

  const api = {
    active: () => (active ? toRun(active.row) : null),
    /** For the handover: a line saying which drill is under way, or null. */
    runningSummary(): string | null {
      if (!active) return null
      const r = toRun(active.row)
      return `演练「${r.scenarioName}」${r.state === 'paused' ? '已暂停' : '进行中'}（已注入 ${r.publishedCount}/${r.injectCount}，演练时间 ${formatDrillOffset(r.clockMs)}）`
    },
    start(scenarioId: string, speed: number, by: string): DrillRun {
      if (active) throw new ContractFailure('conflict', `已有演练在进行：${active.row.scenario_name}`)
      const scenario = store.getScenario(scenarioId)
      const stamp = toShanghaiIso(now()).slice(0, 16).replace(/[-:T]/g, '')
      const id = `DR${stamp}-${randomBytes(2).toString('hex')}`
      active = load(store.createRun({ id, scenario, speed, by }))
      deps.dutyLog(`演练开始：${scenario.name}（组织者 ${by}${speed > 1 ? `，${speed} 倍速` : ''}）`)
      tick()
      emit()
      return toRun(active.row)
    },
    pause(runId: string): DrillRun {
      const a = requireActive(runId)
      if (a.row.state === 'running') checkpoint(a, 'paused')
      emit()
      return toRun(a.row)
    },
    resume(runId: string): DrillRun {
      const a = requireActive(runId)
      if (a.row.state === 'paused') {
        a.row.clock_real_ms = now()
        checkpoint(a, 'running')
        tick()
      }
      emit()
      return toRun(a.row)
    },
    skip(runId: string): DrillRun {
      const a = requireActive(runId)
      const next = a.injects.filter((i) => !a.published.has(i.id)).map((i) => parseDrillOffset(i.at))
      if (next.length) {
        checkpoint(a)
        a.row.clock_ms = Math.max(a.row.clock_ms, Math.min(...next))
        store.setClock(a.row.id, {
          state: a.row.state,
          speed: a.row.speed,
          clockMs: a.row.clock_ms,
          realMs: a.row.clock_real_ms,
        })
        const state = a.row.state
        a.row.state = 'running' // publish the skipped-to inject even while paused
        tick()
        a.row.state = state
      }
      emit()
      return toRun(a.row)
    },
    setSpeed(runId: string, speed: number): DrillRun {
      const a = requireActive(runId)
      checkpoint(a, a.row.state, speed)
      emit()
      return toRun(a.row)
    },
    finish(runId: string): DrillRun {
      const a = requireActive(runId)
      const t = now()
      const clockMs = clockOf(a, t)
      store.finishRun(runId, clockMs, t)
      active = null
      const row = store.run(runId)!
      const report = api.report(runId)
      deps.dutyLog(
        `演练结束：${row.scenario_name}（演练时间 ${formatDrillOffset(clockMs)}，注入 ${report.run.publishedCount}/${report.run.injectCount}，漏报 ${report.score.missed}，得分 ${report.score.total ?? '—'}）`,
      )
      const run = toRun(row)
      deps.onRunChange(run)
      return run
    },
    addNote(runId: string, text: string, author: string) {
      const a = requireActive(runId)
      const note = { at: toHallIso(now()), clockMs: Math.round(clockOf(a)), author, text }
      store.addNote(runId, note)
      return note
    },
    saveReview(runId: string, review: DrillReview): DrillReview {
      if (!store.run(runId)) throw new ContractFailure('not_found', `演练 ${runId} 不存在`)
      store.setReview(runId, review)
      return review
    },
    runs: (scenarioId?: string) => store.runs(scenarioId).map(toRun),
    report(runId: string): DrillReport {
      const row = store.run(runId)
      if (!row) throw new ContractFailure('not_found', `演练 ${runId} 不存在`)
      const county = deps.county()
      const evaluate = (r: RunRow) =>
        evaluateRun({
          injects: JSON.parse(r.injects) as DrillInject[],
          injected: new Map(store.injected(r.id).map((i) => [i.inject_id, { publishedMs: i.published_ms }])),
          actions: store.actions(r.id),
          townshipName: (code) => county.townships.find((t) => t.code === code)?.name ?? null,
          unitName: (id) => county.units.find((u) => u.id === id)?.name ?? null,
          clockMs: r.state === 'finished' ? undefined : toRun(r).clockMs,
        })
      const own = evaluate(row)
      const history = store
        .runs(row.scenario_id)
        .reverse()
        .map((r) => {
          const s = r.id === row.id ? own.score : evaluate(r).score
          return {
            runId: r.id,
            startedAt: r.started_at,
            state: r.state,
            score: s.total,
            avgAcceptSec: s.avgAcceptSec,
            avgDispatchSec: s.avgDispatchSec,
            missed: s.missed,
          }
        })
      return {
        run: toRun(row),
        injects: own.injects,
        actions: store.actions(runId),
        notes: store.notes(runId),
        review: row.review ? (JSON.parse(row.review) as DrillReview) : { observations: '', improvements: [] },
        score: own.score,
        trainees: own.trainees,
        history,
      }
    },
    /**
     * A command the hall published (after the broker took it). Drill commands are answered here;
     * anything else is not the drill's.
     */
    onCommandPublished(topic: string, payload: string) {
      const prefix = `${deps.topicRoot}/drill/`
      if (!topic.startsWith(prefix) || !topic.endsWith(`/commands/${deps.hallId}`)) return
      const runId = topic.slice(prefix.length, topic.length - `/commands/${deps.hallId}`.length)
      if (!runId || runId.includes('/')) return
      try {
        const parsed = zsCommandSchema.safeParse(JSON.parse(payload))
        if (!parsed.success) return
        const command = parsed.data
        const ackTopic = drillTopic(deps.topicRoot, runId, `acks/${deps.hallId}`)
        const repeat = acks.get(command.commandId)
        if (repeat) return send(ackTopic, repeat)
        const recorded = store.actionResult(command.commandId)
        if (recorded !== null) {
          const latest = store.target(runId, command.target.type, command.target.id)
          return send(ackTopic, {
            schema: 'zs.ack/1',
            commandId: command.commandId,
            ok: recorded === 'ok',
            error: recorded === 'ok' ? null : { code: recorded, message: '重复的指令' },
            resultVersion:
              recorded === 'ok' && latest ? (JSON.parse(latest.latest) as { version: number }).version : null,
            at: toShanghaiIso(now()),
          })
        }
        const outcome = answer(command, runId)
        const t = now()
        const a = active?.row.id === runId ? active : null
        const issuedMs = Date.parse(command.issuedAt)
        const clockMs = a
          ? Math.max(0, clockOf(a, t) - (a.row.state === 'running' ? Math.max(0, t - issuedMs) * a.row.speed : 0))
          : (store.run(runId)?.clock_ms ?? 0)
        const target = store.target(runId, command.target.type, command.target.id)
        const fresh = store.addAction(runId, command.commandId, {
          at: command.issuedAt,
          clockMs: Math.round(clockMs),
          operator: command.operator.name,
          action: command.action,
          targetType: command.target.type,
          targetId: command.target.id,
          injectId: target?.inject_id ?? null,
          unitId: typeof command.params.unitId === 'string' ? command.params.unitId : null,
          result: outcome.ok ? 'ok' : outcome.code,
        })
        const ack: ZsAckMessage = {
          schema: 'zs.ack/1',
          commandId: command.commandId,
          ok: outcome.ok,
          error: outcome.ok ? null : { code: outcome.code, message: outcome.message },
          resultVersion: outcome.ok ? outcome.version : null,
          at: toShanghaiIso(t),
        }
        acks.set(command.commandId, ack)
        if (acks.size > 5000) acks.delete(acks.keys().next().value!)
        send(ackTopic, ack)
        if (fresh) emit()
      } catch (e) {
        deps.log(`drill command on ${topic}: ${(e as Error).message}`)
      }
    },
    /** For tests: run the scheduler once now. */
    tick,
    stop() {
      if (timer) clearInterval(timer)
      timer = null
      if (active && active.row.state === 'running') checkpoint(active)
    },
  }
  return api
}
export type DrillService = ReturnType<typeof createDrillService>
