/**
 * Ingest of Frigate NVR messages (`{prefix}/reviews` or `{prefix}/events`, only when the adapter is
 * configured), called from ingest.ts inside the open group-commit transaction:
 * decode (malformed → quarantine) → duplicate check → map (domain/frigate.ts; unmapped → ignored
 * and counted) → number the version → the SAME path as `{root}/video/alerts/{communityId}`
 * (ingestVideoAlert), so validation, versions, duplicates, storage and live updates are identical.
 */
import { createHash } from 'node:crypto'
import { decodeJson } from '../domain/decode'
import {
  FRIGATE_MAX_BYTES,
  frigateEventMessageSchema,
  frigateReviewMessageSchema,
  mapFrigate,
  type FrigateMessage,
  type FrigateSource,
} from '../domain/frigate'
import type { FrigateConfig } from '../domain/frigate-config'
import type { FrigateRepo } from '../store/frigate-repo'
import type { VideoAlertsRepo } from '../store/video-alerts-repo'
import { ingestVideoAlert, type IngestStep, type VideoAlertResult } from './ingest-alerts'

export interface FrigateAdapter {
  config: FrigateConfig
  repo: FrigateRepo
}
export type FrigateIgnored = { kind: 'ignored'; reason: string }

export function ingestFrigate<Q>(
  step: IngestStep<Q>,
  route: { source: FrigateSource },
  adapter: FrigateAdapter,
  videoAlerts: VideoAlertsRepo,
  nowMs: number,
): VideoAlertResult | FrigateIgnored | Q {
  const d =
    route.source === 'reviews'
      ? decodeJson(step.payload, frigateReviewMessageSchema, FRIGATE_MAX_BYTES)
      : decodeJson(step.payload, frigateEventMessageSchema, FRIGATE_MAX_BYTES)
  if (!d.ok) return step.quarantine(d.reason.replace(/^(\w+): /, `$1: frigate ${route.source}: `))
  const input = { source: route.source, message: d.value.message } as FrigateMessage
  const frigateId = input.message.after.id

  const sha256 = createHash('sha256').update(step.payload).digest('hex')
  if (adapter.repo.seenVersion(frigateId, sha256) !== null) {
    step.count('duplicates')
    return { kind: 'video_alert', outcome: 'duplicate', id: frigateId }
  }

  const prior = adapter.repo.prior(frigateId)
  const verdict = mapFrigate(input, adapter.config, prior, nowMs)
  if (verdict.kind === 'ignore') {
    step.count('ignored')
    return { kind: 'ignored', reason: verdict.reason }
  }
  const version = (prior?.version ?? 0) + 1
  const mapped = Buffer.from(JSON.stringify({ ...verdict.alert, version }))
  // The quarantine (step.quarantine) keeps the original Frigate bytes, not the mapped payload.
  const result = ingestVideoAlert(
    { ...step, payload: mapped },
    { communityId: verdict.alert.communityId, drillRunId: null },
    videoAlerts,
  )
  if ((result as { kind?: string }).kind === 'video_alert')
    adapter.repo.raised(frigateId, version, verdict.atMs, verdict.signature, sha256)
  return result
}
