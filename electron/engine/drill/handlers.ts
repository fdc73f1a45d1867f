/** The contract methods `drills.*`. */
import { ContractFailure, DRILL_SCENARIO_SCHEMA, drillScenarioDocSchema, type DrillScenarioDoc } from '../../contract'
import type { CallContext, Handlers } from '../rpc/dispatcher'
import type { DrillService } from './drill-service'
import type { DrillStore } from './drill-store'
import { drillReportPdf, drillReportXlsx } from './export'

type DrillMethod = Extract<keyof Handlers, `drills.${string}`>

const who = (ctx: CallContext) => {
  if (!ctx.operator) throw new ContractFailure('forbidden', '演练操作需要登录的演练组织者')
  return ctx.operator.displayName
}

/**
 * A scenario file (JSON text) checked against zs.drill_scenario/1, every problem explained in
 * Chinese with where it is (`injects[3].at`), so a trainer can fix the file.
 */
export function parseScenarioJson(json: string): DrillScenarioDoc {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch (e) {
    throw new ContractFailure('invalid_params', `文件不是有效的 JSON：${(e as Error).message}`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ContractFailure('invalid_params', '文件内容应为一个演练预案对象（含 name 与 injects）')
  const schema = (raw as { schema?: unknown }).schema
  if (schema !== undefined && schema !== DRILL_SCENARIO_SCHEMA)
    throw new ContractFailure('invalid_params', `不支持的预案格式 ${String(schema)}，应为 ${DRILL_SCENARIO_SCHEMA}`)
  const r = drillScenarioDocSchema.safeParse(raw)
  if (r.success) return r.data
  const issues = r.error.issues.slice(0, 20).map((i) => ({
    path:
      i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '') || '(根)',
    message: i.message,
  }))
  throw new ContractFailure(
    'invalid_params',
    `预案文件有 ${r.error.issues.length} 处错误：${issues.map((i) => `${i.path}：${i.message}`).join('；')}`,
    issues,
  )
}

export function createDrillHandlers(deps: {
  store: DrillStore
  service: () => DrillService
}): Pick<Handlers, DrillMethod> {
  const { store } = deps
  const svc = () => deps.service()
  return {
    'drills.listScenarios': () => ({ items: store.listScenarios() }),
    'drills.getScenario': ({ id }) => store.getScenario(id),
    'drills.saveScenario': (p, ctx) => store.saveScenario(p.id, p.scenario, who(ctx)),
    'drills.deleteScenario': ({ id }) => {
      store.deleteScenario(id)
      return { ok: true as const }
    },
    'drills.importScenario': ({ json }, ctx) => store.saveScenario(undefined, parseScenarioJson(json), who(ctx)),
    'drills.exportScenario': ({ id }) => {
      const s = store.getScenario(id)
      const doc = { schema: DRILL_SCENARIO_SCHEMA, name: s.name, description: s.description, injects: s.injects }
      return { filename: `演练预案-${s.name}.json`, json: `${JSON.stringify(doc, null, 2)}\n` }
    },
    'drills.getActive': () => svc().active(),
    'drills.start': (p, ctx) => svc().start(p.scenarioId, p.speed, who(ctx)),
    'drills.pause': ({ runId }) => svc().pause(runId),
    'drills.resume': ({ runId }) => svc().resume(runId),
    'drills.skip': ({ runId }) => svc().skip(runId),
    'drills.setSpeed': ({ runId, speed }) => svc().setSpeed(runId, speed),
    'drills.finish': ({ runId }) => svc().finish(runId),
    'drills.addNote': ({ runId, text }, ctx) => svc().addNote(runId, text, who(ctx)),
    'drills.listRuns': (p) => ({ items: svc().runs(p?.scenarioId) }),
    'drills.getReport': ({ runId }) => svc().report(runId),
    'drills.saveReview': ({ runId, review }) => svc().saveReview(runId, review),
    'drills.exportReport': async ({ runId, format }) => {
      const report = svc().report(runId)
      const base = `演练报告-${report.run.scenarioName}-${report.run.id}`
      if (format === 'pdf')
        return {
          filename: `${base}.pdf`,
          mime: 'application/pdf',
          base64: (await drillReportPdf(report)).toString('base64'),
        }
      return {
        filename: `${base}.xlsx`,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: (await drillReportXlsx(report)).toString('base64'),
      }
    },
  }
}
