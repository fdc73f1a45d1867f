/**
 * The after-action evaluation of a drill run, pure: per inject the drill seconds from the inject
 * to the trainees' first accept, dispatch and expected action, whether the expected unit was
 * chosen, what was missed, and a score by rules that are stated in the report itself.
 */
import {
  parseDrillOffset,
  type DrillAction,
  type DrillInject,
  type DrillInjectResult,
  type DrillReport,
  type DrillTraineeResult,
} from '../../contract'

export const SCORE_RULES: readonly string[] = [
  '只评价设有“预期响应”且已发出的注入；每条满分 100 分，总分为各条得分的平均值。',
  '时效 60 分：在预期时限内完成预期动作得 60 分，超时完成得 30 分，未完成（漏报）得 0 分。',
  '单位 40 分：预期派遣单位时，首次派遣给预期单位得 40 分，派给其他单位得 0 分；未指定单位时时效分按 100 分折算。',
  '用时按演练时钟计（暂停不计，加速时按倍速折算），只计平台接受的操作。',
]

const ON_TIME = 60
const LATE = 30
const UNIT = 40

export interface InjectRecord {
  publishedMs: number
}

const round1 = (n: number) => Math.round(n * 10) / 10
const mean = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null)

/**
 * `injected`: inject id → when it was published (drill ms). `targetInject`: the inject that
 * created an event or alert (follow-ups continue their original's target), keyed `type:id`.
 */
export function evaluateRun(input: {
  injects: readonly DrillInject[]
  injected: ReadonlyMap<string, InjectRecord>
  actions: readonly DrillAction[]
  townshipName: (code: string) => string | null
  unitName: (id: string) => string | null
  /** Drill time now while the run is still on (windows still open are pending); absent when it ended. */
  clockMs?: number
}): { injects: DrillInjectResult[]; score: DrillReport['score']; trainees: DrillTraineeResult[] } {
  const ok = input.actions.filter((a) => a.result === 'ok' && a.injectId)
  const credit = new Map<
    string,
    {
      acceptSecs: number[]
      dispatchSecs: number[]
      unitExpected: number
      unitCorrect: number
      expectedDone: number
      onTime: number
    }
  >()
  const creditOf = (operator: string) => {
    let c = credit.get(operator)
    if (!c)
      credit.set(
        operator,
        (c = { acceptSecs: [], dispatchSecs: [], unitExpected: 0, unitCorrect: 0, expectedDone: 0, onTime: 0 }),
      )
    return c
  }
  const results: DrillInjectResult[] = input.injects.map((inject) => {
    const published = input.injected.get(inject.id)
    const mine =
      inject.kind === 'follow_up' || inject.kind === 'zero_report' ? [] : ok.filter((a) => a.injectId === inject.id)
    const first = (action: string) => mine.find((a) => a.action === action)
    const since = (a: DrillAction | undefined) =>
      a && published ? round1(Math.max(0, a.clockMs - published.publishedMs) / 1000) : null
    const accept = first('accept')
    const dispatch = first('dispatch')
    const expected = inject.expected ?? null
    const expectedAction = expected ? first(expected.action) : undefined
    const expectedActionSec = since(expectedAction)
    const windowOpen =
      input.clockMs !== undefined && expected !== null && published !== undefined && expectedActionSec === null
        ? published.publishedMs + expected.withinSec * 1000 > input.clockMs
        : false
    const scored = expected !== null && published !== undefined && !windowOpen
    const onTime = scored && expectedActionSec !== null ? expectedActionSec <= expected.withinSec : null
    const unitCorrect = expected?.unitId && dispatch ? dispatch.unitId === expected.unitId : null
    let score: number | null = null
    if (scored) {
      const timing = expectedActionSec === null ? 0 : onTime ? ON_TIME : LATE
      score = expected.unitId ? timing + (unitCorrect ? UNIT : 0) : round1((timing * 100) / ON_TIME)
    }
    const acceptSec = since(accept)
    const dispatchSec = since(dispatch)
    if (accept && acceptSec !== null) creditOf(accept.operator).acceptSecs.push(acceptSec)
    if (dispatch && dispatchSec !== null) {
      const c = creditOf(dispatch.operator)
      c.dispatchSecs.push(dispatchSec)
      if (unitCorrect !== null) {
        c.unitExpected++
        if (unitCorrect) c.unitCorrect++
      }
    }
    if (expectedAction && expectedActionSec !== null) {
      const c = creditOf(expectedAction.operator)
      c.expectedDone++
      if (onTime) c.onTime++
    }
    const township =
      inject.kind === 'event' || inject.kind === 'zero_report' ? input.townshipName(inject.townshipCode) : null
    return {
      injectId: inject.id,
      kind: inject.kind,
      title: inject.title,
      township,
      atMs: parseDrillOffset(inject.at),
      publishedMs: published?.publishedMs ?? null,
      expected,
      expectedUnitName: expected?.unitId ? input.unitName(expected.unitId) : null,
      acceptSec,
      dispatchSec,
      expectedActionSec,
      dispatchedUnitId: dispatch?.unitId ?? null,
      dispatchedUnitName: dispatch?.unitId ? input.unitName(dispatch.unitId) : null,
      unitCorrect,
      onTime,
      missed: scored && expectedActionSec === null,
      pending: windowOpen,
      score,
    }
  })
  const sent = new Map<string, { actions: number; refused: number }>()
  for (const a of input.actions) {
    const n = sent.get(a.operator) ?? { actions: 0, refused: 0 }
    n.actions++
    if (a.result !== 'ok') n.refused++
    sent.set(a.operator, n)
  }
  const trainees: DrillTraineeResult[] = [...sent].map(([operator, n]) => {
    const c = creditOf(operator)
    return {
      operator,
      ...n,
      accepts: c.acceptSecs.length,
      avgAcceptSec: mean(c.acceptSecs),
      dispatches: c.dispatchSecs.length,
      avgDispatchSec: mean(c.dispatchSecs),
      unitExpected: c.unitExpected,
      unitCorrect: c.unitCorrect,
      expectedDone: c.expectedDone,
      onTime: c.onTime,
    }
  })
  trainees.sort(
    (a, b) =>
      b.expectedDone + b.accepts + b.dispatches - (a.expectedDone + a.accepts + a.dispatches) ||
      a.operator.localeCompare(b.operator),
  )
  const scored = results.filter((r) => r.score !== null)
  const withUnit = results.filter((r) => r.unitCorrect !== null)
  return {
    injects: results,
    trainees,
    score: {
      total: mean(scored.map((r) => r.score!)),
      scoredInjects: scored.length,
      missed: results.filter((r) => r.missed).length,
      avgAcceptSec: mean(results.flatMap((r) => (r.acceptSec === null ? [] : [r.acceptSec]))),
      avgDispatchSec: mean(results.flatMap((r) => (r.dispatchSec === null ? [] : [r.dispatchSec]))),
      unitAccuracy: withUnit.length
        ? round1((100 * withUnit.filter((r) => r.unitCorrect).length) / withUnit.length)
        : null,
      rules: [...SCORE_RULES],
    },
  }
}
