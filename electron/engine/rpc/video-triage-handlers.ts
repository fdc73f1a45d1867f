/**
 * Handlers of the video triage methods: the grouped triage list and the property-company
 * statistics. index.ts spreads them into the dispatcher's handlers.
 */
import { ContractFailure } from '../../contract'
import { toHallIso } from '../domain/time'
import { deadlineMs, hallDate } from '../domain/zero-report-board'
import { videoCompanyStats } from '../domain/video-triage'
import type { VideoAlertsRepo } from '../store/video-alerts-repo'
import type { Handlers } from './dispatcher'

const DAY_MS = 86_400_000

export function createVideoTriageHandlers(deps: { videoAlerts: VideoAlertsRepo; now?: () => number }) {
  const now = deps.now ?? Date.now
  const methods: Pick<Handlers, 'videoAlerts.triage' | 'videoAlerts.companyStats'> = {
    'videoAlerts.triage': (p) => deps.videoAlerts.triage(p, now()),
    'videoAlerts.companyStats': ({ from, to }) => {
      const t = now()
      const last = to ?? hallDate(t)
      const first = from ?? hallDate(deadlineMs(last, '00:00') - 29 * DAY_MS)
      if (first > last) throw new ContractFailure('invalid_params', `from ${first} is after to ${last}`)
      const facts = deps.videoAlerts.forwardFacts(deadlineMs(first, '00:00'), deadlineMs(last, '00:00') + DAY_MS)
      return { from: first, to: last, generatedAt: toHallIso(t), ...videoCompanyStats(facts, t) }
    },
  }
  return { methods }
}
