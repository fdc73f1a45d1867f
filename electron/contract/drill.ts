/**
 * Emergency drills (应急演练): scenarios of timed injects, runs that publish them in the drill
 * namespace `{root}/drill/{runId}/…`, the trainees' actions measured against what was expected,
 * and the after-action report. Trainers (scope `drill`) manage scenarios and runs; anyone who
 * reads may see the active run (the drill banner) and the reports.
 */
import { z } from 'zod'
import type { MethodDef } from './api'
import type { Scope } from './auth'
import { DOMAINS, EVENT_SOURCES, isoTimestamp } from './payloads'
import { reportExportSchema } from './reports'

export const DRILL_SCENARIO_SCHEMA = 'zs.drill_scenario/1'
export const DRILL_INJECT_KINDS = ['event', 'video_alert', 'zero_report', 'follow_up'] as const
export type DrillInjectKind = (typeof DRILL_INJECT_KINDS)[number]
/** What a trainee is expected to do with an inject (a command action on its event or alert). */
export const DRILL_EXPECTED_ACTIONS = [
  'accept',
  'dispatch',
  'supervise',
  'reject',
  'comment',
  'confirm',
  'forward_property',
  'dismiss',
] as const
export const DRILL_VIDEO_TYPES = [
  'illegal_parking',
  'garbage_overflow',
  'fire_lane_blocked',
  'ebike_indoor',
  'other',
] as const
export const DRILL_RUN_STATES = ['running', 'paused', 'finished'] as const
export type DrillRunState = (typeof DRILL_RUN_STATES)[number]
/** Fastest rehearsal speed (drill seconds per real second). */
export const DRILL_MAX_SPEED = 600

/** `T+mm:ss` of an inject, written `mm:ss` (minutes may exceed 59). */
export const drillOffsetSchema = z
  .string()
  .trim()
  .regex(/^\d{1,3}:[0-5]\d$/, '时间应写成 分:秒，例如 05:30')
export const parseDrillOffset = (mmss: string): number => {
  const [m, s] = mmss.split(':').map(Number)
  return (m * 60 + s) * 1000
}
export const formatDrillOffset = (ms: number): string => {
  const total = Math.max(0, Math.floor(ms / 1000))
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

const injectId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,24}$/, '编号只能由字母、数字、- 和 _ 组成（最多 24 位）')
const text = (max: number) => z.string().trim().max(max)

export const drillExpectationSchema = z.object({
  action: z.enum(DRILL_EXPECTED_ACTIONS),
  /** For dispatch: the unit that should be chosen. */
  unitId: z.string().trim().max(64).nullish(),
  /** Within how many drill seconds after the inject. */
  withinSec: z.int('时限应为整数秒').min(10, '时限至少 10 秒').max(86_400, '时限最多 24 小时'),
})
export type DrillExpectation = z.infer<typeof drillExpectationSchema>

const injectBase = {
  id: injectId,
  at: drillOffsetSchema,
  title: text(200).min(1, '请填写标题'),
  expected: drillExpectationSchema.nullish(),
}

export const drillInjectSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      ...injectBase,
      kind: z.literal('event'),
      source: z.enum(EVENT_SOURCES),
      channel: text(32).nullish(),
      domain: z.enum(DOMAINS),
      category: text(64).min(1),
      severity: z.int().min(1).max(4),
      description: text(2000).nullish(),
      townshipCode: z.string().regex(/^\d{9}$/, '乡镇代码应为 9 位数字'),
      villageCode: z
        .string()
        .regex(/^\d{12}$/, '村（社区）代码应为 12 位数字')
        .nullish(),
      address: text(200).nullish(),
      reporterName: text(32).nullish(),
    }),
    z.object({
      ...injectBase,
      kind: z.literal('video_alert'),
      alertType: z.enum(DRILL_VIDEO_TYPES),
      communityId: z.string().trim().min(1).max(64),
    }),
    z.object({
      ...injectBase,
      kind: z.literal('zero_report'),
      townshipCode: z.string().regex(/^\d{9}$/, '乡镇代码应为 9 位数字'),
      nothingToReport: z.boolean(),
      note: text(500).nullish(),
    }),
    z.object({
      ...injectBase,
      kind: z.literal('follow_up'),
      /** The earlier event inject this is a new version of. */
      followsInjectId: injectId,
      severity: z.int().min(1).max(4).nullish(),
      description: text(2000).nullish(),
    }),
  ],
  {
    error: (i) =>
      i.code === 'invalid_union' ? '注入类型应为 event、video_alert、zero_report 或 follow_up' : undefined,
  },
)
export type DrillInject = z.infer<typeof drillInjectSchema>

/** A scenario as written by a trainer and as exported/imported (JSON). */
export const drillScenarioDocSchema = z
  .object({
    schema: z.literal(DRILL_SCENARIO_SCHEMA).optional(),
    name: text(100).min(1, '请填写预案名称'),
    description: text(2000).default(''),
    injects: z.array(drillInjectSchema).min(1, '至少需要 1 条注入').max(60, '最多 60 条注入'),
  })
  .superRefine((doc, ctx) => {
    const seen = new Map<string, DrillInject>()
    doc.injects.forEach((inject, i) => {
      if (seen.has(inject.id))
        ctx.addIssue({ code: 'custom', path: ['injects', i, 'id'], message: `注入编号 ${inject.id} 重复` })
      if (inject.kind === 'follow_up') {
        const earlier = seen.get(inject.followsInjectId)
        if (!earlier || earlier.kind !== 'event')
          ctx.addIssue({
            code: 'custom',
            path: ['injects', i, 'followsInjectId'],
            message: `续报须跟在事件注入 ${inject.followsInjectId} 之后`,
          })
        else if (parseDrillOffset(inject.at) < parseDrillOffset(earlier.at))
          ctx.addIssue({ code: 'custom', path: ['injects', i, 'at'], message: '续报时间不能早于原事件' })
      }
      seen.set(inject.id, inject)
    })
  })
export type DrillScenarioDoc = z.infer<typeof drillScenarioDocSchema>

export const drillScenarioSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  injects: z.array(drillInjectSchema),
  builtin: z.boolean(),
  updatedAt: isoTimestamp,
  updatedBy: z.string().nullable(),
})
export type DrillScenario = z.infer<typeof drillScenarioSchema>

export const drillScenarioSummarySchema = drillScenarioSchema
  .omit({ injects: true })
  .extend({ injectCount: z.int(), durationMs: z.int(), runCount: z.int() })
export type DrillScenarioSummary = z.infer<typeof drillScenarioSummarySchema>

export const drillRunSchema = z.object({
  id: z.string(),
  scenarioId: z.string(),
  scenarioName: z.string(),
  state: z.enum(DRILL_RUN_STATES),
  speed: z.number(),
  /** Drill time (ms since T+0) now; paused runs keep theirs. */
  clockMs: z.number(),
  startedAt: isoTimestamp,
  startedBy: z.string(),
  endedAt: isoTimestamp.nullable(),
  injectCount: z.int(),
  publishedCount: z.int(),
  /** Drill time of the next inject; null when all were published. */
  nextInjectMs: z.number().nullable(),
  /** Set when the engine restarted under a running drill (it was paused then). */
  interruptedAt: isoTimestamp.nullable(),
})
export type DrillRun = z.infer<typeof drillRunSchema>

export const drillNoteSchema = z.object({
  at: isoTimestamp,
  clockMs: z.number(),
  author: z.string(),
  text: z.string(),
})
export type DrillNote = z.infer<typeof drillNoteSchema>

export const drillActionSchema = z.object({
  at: isoTimestamp,
  clockMs: z.number(),
  operator: z.string(),
  action: z.string(),
  targetType: z.enum(['event', 'video_alert']),
  targetId: z.string(),
  injectId: z.string().nullable(),
  unitId: z.string().nullable(),
  /** The drill platform's answer: accepted, or the error code. */
  result: z.string(),
})
export type DrillAction = z.infer<typeof drillActionSchema>

export const drillInjectResultSchema = z.object({
  injectId: z.string(),
  kind: z.enum(DRILL_INJECT_KINDS),
  title: z.string(),
  township: z.string().nullable(),
  /** Scheduled drill time. */
  atMs: z.number(),
  /** Drill time it was published; null when never published (run ended first). */
  publishedMs: z.number().nullable(),
  expected: drillExpectationSchema.nullable(),
  expectedUnitName: z.string().nullable(),
  /** Drill seconds from the inject to the first accept / dispatch / expected action. */
  acceptSec: z.number().nullable(),
  dispatchSec: z.number().nullable(),
  expectedActionSec: z.number().nullable(),
  dispatchedUnitId: z.string().nullable(),
  dispatchedUnitName: z.string().nullable(),
  /** null when no unit was expected or nothing was dispatched. */
  unitCorrect: z.boolean().nullable(),
  onTime: z.boolean().nullable(),
  missed: z.boolean(),
  /** The run is still on and the expected window is still open: not scored yet. */
  pending: z.boolean(),
  /** 0–100 by the stated rules; null when the inject expects no response. */
  score: z.number().nullable(),
})
export type DrillInjectResult = z.infer<typeof drillInjectResultSchema>

export const drillReviewSchema = z.object({
  observations: z.string().max(5000),
  improvements: z.array(z.string().trim().min(1).max(500)).max(30),
})
export type DrillReview = z.infer<typeof drillReviewSchema>

export const drillHistoryPointSchema = z.object({
  runId: z.string(),
  startedAt: isoTimestamp,
  state: z.enum(DRILL_RUN_STATES),
  score: z.number().nullable(),
  avgAcceptSec: z.number().nullable(),
  avgDispatchSec: z.number().nullable(),
  missed: z.int(),
})
export type DrillHistoryPoint = z.infer<typeof drillHistoryPointSchema>

/**
 * One trainee's part in a run: each inject's first accept, first dispatch and expected action are
 * credited to the operator who did it (as in the per-inject results); refused actions are counted.
 */
export const drillTraineeResultSchema = z.object({
  operator: z.string(),
  /** Actions sent during the run, and those the drill platform refused. */
  actions: z.int(),
  refused: z.int(),
  /** Injects this trainee accepted first, and the average drill seconds to it. */
  accepts: z.int(),
  avgAcceptSec: z.number().nullable(),
  /** Injects this trainee dispatched first, and the average drill seconds to it. */
  dispatches: z.int(),
  avgDispatchSec: z.number().nullable(),
  /** Of those dispatches, the ones where a unit was expected, and how many went to it. */
  unitExpected: z.int(),
  unitCorrect: z.int(),
  /** Injects whose expected action this trainee did first, and how many within the time. */
  expectedDone: z.int(),
  onTime: z.int(),
})
export type DrillTraineeResult = z.infer<typeof drillTraineeResultSchema>

export const drillReportSchema = z.object({
  run: drillRunSchema,
  injects: z.array(drillInjectResultSchema),
  actions: z.array(drillActionSchema),
  notes: z.array(drillNoteSchema),
  review: drillReviewSchema,
  score: z.object({
    total: z.number().nullable(),
    scoredInjects: z.int(),
    missed: z.int(),
    avgAcceptSec: z.number().nullable(),
    avgDispatchSec: z.number().nullable(),
    unitAccuracy: z.number().nullable(),
    /** The rules, in words, as shown in the report. */
    rules: z.array(z.string()),
  }),
  /** Per trainee, most credited first. */
  trainees: z.array(drillTraineeResultSchema),
  /** Earlier and later runs of the same scenario, oldest first. */
  history: z.array(drillHistoryPointSchema),
})
export type DrillReport = z.infer<typeof drillReportSchema>

const runIdParam = z.object({ runId: z.string().min(1).max(64) })

export const drillMethods = {
  'drills.listScenarios': {
    scope: 'read' as Scope,
    summary: 'Drill scenarios (预案演练脚本): name, inject count, length, runs so far',
    params: z.object({}).optional(),
    result: z.object({ items: z.array(drillScenarioSummarySchema) }),
    http: { path: '/api/drills/scenarios' },
  },
  'drills.getScenario': {
    scope: 'read' as Scope,
    summary: 'One drill scenario with its injects',
    params: z.object({ id: z.string().min(1).max(64) }),
    result: drillScenarioSchema,
    http: { path: '/api/drills/scenarios/{id}', pathParams: ['id'] },
  },
  'drills.saveScenario': {
    scope: 'drill' as Scope,
    summary: 'Create (no id) or replace a drill scenario (trainer)',
    params: z.object({ id: z.string().min(1).max(64).optional(), scenario: drillScenarioDocSchema }),
    result: drillScenarioSchema,
  },
  'drills.deleteScenario': {
    scope: 'drill' as Scope,
    summary: 'Delete a drill scenario (its past runs and reports stay)',
    params: z.object({ id: z.string().min(1).max(64) }),
    result: z.object({ ok: z.literal(true) }),
  },
  'drills.importScenario': {
    scope: 'drill' as Scope,
    summary: 'Import a scenario from its JSON text (zs.drill_scenario/1); a bad file is explained in Chinese',
    params: z.object({ json: z.string().max(1_000_000) }),
    result: drillScenarioSchema,
  },
  'drills.exportScenario': {
    scope: 'read' as Scope,
    summary: 'A scenario as JSON text (zs.drill_scenario/1) for import elsewhere',
    params: z.object({ id: z.string().min(1).max(64) }),
    result: z.object({ filename: z.string(), json: z.string() }),
  },
  'drills.getActive': {
    scope: 'read' as Scope,
    summary: 'The drill run in progress (running or paused), or null — every screen shows its banner',
    params: z.object({}).optional(),
    result: drillRunSchema.nullable(),
    http: { path: '/api/drills/active' },
  },
  'drills.start': {
    scope: 'drill' as Scope,
    summary: 'Start a run of a scenario; injects are published on {root}/drill/{runId}/… on schedule',
    params: z.object({
      scenarioId: z.string().min(1).max(64),
      speed: z.number().min(1).max(DRILL_MAX_SPEED).default(1),
    }),
    result: drillRunSchema,
  },
  'drills.pause': {
    scope: 'drill' as Scope,
    summary: 'Pause the run clock',
    params: runIdParam,
    result: drillRunSchema,
  },
  'drills.resume': {
    scope: 'drill' as Scope,
    summary: 'Resume a paused (or interrupted) run',
    params: runIdParam,
    result: drillRunSchema,
  },
  'drills.skip': {
    scope: 'drill' as Scope,
    summary: 'Skip the wait: the clock jumps to the next inject, which is published at once',
    params: runIdParam,
    result: drillRunSchema,
  },
  'drills.setSpeed': {
    scope: 'drill' as Scope,
    summary: 'Run the clock faster (rehearsal) or at real time (1)',
    params: runIdParam.extend({ speed: z.number().min(1).max(DRILL_MAX_SPEED) }),
    result: drillRunSchema,
  },
  'drills.finish': {
    scope: 'drill' as Scope,
    summary: 'End the run; injects not yet published are not sent, the report is final',
    params: runIdParam,
    result: drillRunSchema,
  },
  'drills.addNote': {
    scope: 'drill' as Scope,
    summary: 'A trainer note with the run time',
    params: runIdParam.extend({ text: z.string().trim().min(1, '请填写内容').max(2000) }),
    result: drillNoteSchema,
  },
  'drills.listRuns': {
    scope: 'read' as Scope,
    summary: 'Runs, newest first (optionally of one scenario)',
    params: z.object({ scenarioId: z.string().max(64).optional() }).optional(),
    result: z.object({ items: z.array(drillRunSchema) }),
    http: { path: '/api/drills/runs' },
  },
  'drills.getReport': {
    scope: 'read' as Scope,
    summary: 'After-action report: per-inject timings against the expected ones, score and rules, notes, history',
    params: runIdParam,
    result: drillReportSchema,
    http: { path: '/api/drills/runs/{runId}/report', pathParams: ['runId'] },
  },
  'drills.saveReview': {
    scope: 'drill' as Scope,
    summary: 'The trainer’s observations and improvement items for a run',
    params: runIdParam.extend({ review: drillReviewSchema }),
    result: drillReviewSchema,
  },
  'drills.exportReport': {
    scope: 'read' as Scope,
    summary: 'The after-action report as PDF or xlsx (base64)',
    params: runIdParam.extend({ format: z.enum(['pdf', 'xlsx']) }),
    result: reportExportSchema,
  },
} as const satisfies Record<string, MethodDef>

export const drillLiveEvents = {
  'drills.onDidChange': {
    scope: 'read' as Scope,
    summary: 'A drill run changed (started, injected, paused, resumed, finished)',
    data: z.object({ items: z.array(drillRunSchema) }),
  },
} as const
