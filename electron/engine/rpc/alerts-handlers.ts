/**
 * Handlers of the video-alert, zero-report and registry methods, and of the snapshot bytes route.
 * index.ts spreads them into the dispatcher's handlers.
 */
import { ContractFailure, type BinaryBody, type BinaryRouteParams } from '../../contract'
import { buildZeroReportBoard, hallDate } from '../domain/zero-report-board'
import type { Db } from '../store/database'
import type { RegistryRepo } from '../store/registry-repo'
import type { VideoAlertsRepo } from '../store/video-alerts-repo'
import type { ZeroReportsRepo } from '../store/zero-reports-repo'
import type { Handlers } from './dispatcher'

export interface AlertHandlerDeps {
  db: Db
  videoAlerts: VideoAlertsRepo
  zeroReports: ZeroReportsRepo
  registry: RegistryRepo
  /** The zero-report deadline, 'HH:MM' Asia/Shanghai (already checked). */
  zeroReportDeadline: string
  now?: () => number
}

type AlertMethods = 'registry.get' | 'videoAlerts.list' | 'videoAlerts.get' | 'zeroReports.list'

export function createAlertHandlers(deps: AlertHandlerDeps) {
  const now = deps.now ?? Date.now
  const registryReceivedAt = deps.db.prepare<[], { received_at: string }>(
    'SELECT received_at FROM registry WHERE singleton = 1',
  )

  const methods: Pick<Handlers, AlertMethods> = {
    'registry.get': () => {
      const registry = deps.registry.get()
      return {
        version: registry?.version ?? null,
        receivedAt: registry ? (registryReceivedAt.get()?.received_at ?? null) : null,
        registry,
      }
    },
    'videoAlerts.list': (p) => deps.videoAlerts.list(p),
    'videoAlerts.get': ({ id, drillRunId }) => {
      const found = deps.videoAlerts.get(id, drillRunId ?? '')
      if (!found) throw new ContractFailure('not_found', `video alert ${id} not found`)
      return found
    },
    'zeroReports.list': ({ date, drillRunId }) => {
      const t = now()
      const day = date ?? hallDate(t)
      return buildZeroReportBoard({
        date: day,
        deadline: deps.zeroReportDeadline,
        now: t,
        townships: deps.registry.summary().townships,
        reports: deps.zeroReports.forDate(day, drillRunId ?? ''),
      })
    },
  }

  const binary: { [N in 'videoSnapshots.get']: (params: BinaryRouteParams<N>) => BinaryBody } = {
    'videoSnapshots.get': ({ sha256 }) => {
      const s = deps.videoAlerts.snapshot(sha256)
      return s ? { contentType: s.mime, bytes: s.bytes, etag: sha256 } : null
    },
  }

  return { methods, binary }
}
