/**
 * Ingest of zs.video_alert/1 and zs.zero_report/1 (called from ingest.ts inside the open group-
 * commit transaction): decode → schema → topic and drill checks → snapshot checks → version rules
 * → persist. Anything invalid is quarantined with a reason that says what was wrong.
 */
import {
  VIDEO_ALERT_MAX_BYTES,
  ZERO_REPORT_MAX_BYTES,
  zsVideoAlertSchema,
  zsZeroReportSchema,
  type IngestCounters,
  type VideoAlertSummary,
  type ZeroReport,
} from '../../contract'
import { decodeJson } from '../domain/decode'
import { checkSnapshot, type CheckedSnapshot } from '../domain/snapshot'
import type { VideoAlertsRepo } from '../store/video-alerts-repo'
import type { ZeroReportsRepo } from '../store/zero-reports-repo'
import { drillMismatch } from './ingest'

export type VideoAlertResult =
  | { kind: 'video_alert'; outcome: 'new' | 'updated' | 'stale'; summary: VideoAlertSummary }
  | { kind: 'video_alert'; outcome: 'duplicate'; id: string }
export type ZeroReportResult =
  | { kind: 'zero_report'; outcome: 'new' | 'replaced' | 'stale'; report: ZeroReport }
  | { kind: 'zero_report'; outcome: 'duplicate'; id: string }

/** What ingest.ts gives each message's handler: the message, the counters, the quarantine. */
export interface IngestStep<Q> {
  topic: string
  payload: Uint8Array
  receivedAt: string
  count(name: keyof IngestCounters): void
  quarantine(reason: string): Q
}

export function ingestVideoAlert<Q>(
  step: IngestStep<Q>,
  route: { communityId: string; drillRunId: string | null },
  repo: VideoAlertsRepo,
): VideoAlertResult | Q {
  const d = decodeJson(step.payload, zsVideoAlertSchema, VIDEO_ALERT_MAX_BYTES)
  if (!d.ok) return step.quarantine(d.reason)
  const alert = d.value.message
  if (alert.communityId !== route.communityId) {
    return step.quarantine(
      `topic_mismatch: topic community "${route.communityId}" but payload communityId "${alert.communityId}"`,
    )
  }
  const drillProblem = drillMismatch(route.drillRunId, alert.drill)
  if (drillProblem) return step.quarantine(drillProblem)

  let snapshot: CheckedSnapshot | null = null
  if (alert.snapshot) {
    const c = checkSnapshot(alert.snapshot, 'snapshot')
    if (!c.ok) return step.quarantine(c.reason)
    snapshot = c.value
  }
  let rectificationSnapshot: CheckedSnapshot | null = null
  if (alert.rectification?.snapshot) {
    const c = checkSnapshot(alert.rectification.snapshot, 'rectification.snapshot')
    if (!c.ok) return step.quarantine(c.reason)
    rectificationSnapshot = c.value
  }

  const applied = repo.apply({
    alert,
    snapshot,
    rectificationSnapshot,
    topic: step.topic,
    receivedAt: step.receivedAt,
    drillRun: route.drillRunId ?? '',
  })
  if (applied.outcome === 'duplicate') {
    step.count('duplicates')
    return { kind: 'video_alert', outcome: 'duplicate', id: alert.id }
  }
  step.count(applied.outcome === 'stale' ? 'stale' : 'stored')
  return { kind: 'video_alert', outcome: applied.outcome, summary: applied.summary }
}

export function ingestZeroReport<Q>(
  step: IngestStep<Q>,
  route: { unitCode: string; drillRunId: string | null },
  repo: ZeroReportsRepo,
): ZeroReportResult | Q {
  const d = decodeJson(step.payload, zsZeroReportSchema, ZERO_REPORT_MAX_BYTES)
  if (!d.ok) return step.quarantine(d.reason)
  const report = d.value.message
  if (report.unitCode !== route.unitCode) {
    return step.quarantine(`topic_mismatch: topic unit "${route.unitCode}" but payload unitCode "${report.unitCode}"`)
  }
  const drillProblem = drillMismatch(route.drillRunId, report.drill)
  if (drillProblem) return step.quarantine(drillProblem)

  const applied = repo.apply(report, d.value.text, step.topic, step.receivedAt, route.drillRunId ?? '')
  if (applied.outcome === 'duplicate') {
    step.count('duplicates')
    return { kind: 'zero_report', outcome: 'duplicate', id: report.id }
  }
  step.count(applied.outcome === 'stale' ? 'stale' : 'stored')
  return { kind: 'zero_report', outcome: applied.outcome, report: applied.report }
}
