/**
 * Frigate NVR → zs.video_alert/1 (the contract's "Frigate NVR adapter", docs/frigate.md). Pure:
 * a decoded Frigate MQTT message, the configuration and what the hall already raised for that id
 * in, a payload (without its version, which the caller assigns) or a reason to ignore out.
 *
 * Frigate publishes `{type: 'new'|'update'|'end', before, after}` on `{prefix}/reviews` (one item
 * per incident) and `{prefix}/events` (one item per tracked object); only `after` is used.
 */
import { z } from 'zod'
import type { ZsVideoAlert } from '../../contract'
import type { FrigateCamera, FrigateConfig } from './frigate-config'
import { toHallIso } from './time'

export type FrigateSource = FrigateConfig['source']

/** Frigate payloads are small (a few KiB); anything far larger is not Frigate. */
export const FRIGATE_MAX_BYTES = 256 * 1024

const id = z.string().min(1).max(64)
const name = z.string().min(1).max(128)
const epochSeconds = z.number().min(0).max(1e11)
const labels = z.array(z.string().max(128)).max(200)

export const frigateReviewSchema = z.looseObject({
  id,
  camera: name,
  start_time: epochSeconds,
  end_time: epochSeconds.nullish(),
  severity: z.string().max(32).nullish(),
  thumb_path: z.string().max(2000).nullish(),
  data: z.looseObject({
    /** Ids of the tracked objects (events) of this review item. */
    detections: labels.nullish(),
    objects: labels.nullish(),
    sub_labels: z.array(z.unknown()).max(200).nullish(),
    zones: labels.nullish(),
    audio: labels.nullish(),
  }),
})

export const frigateEventSchema = z.looseObject({
  id,
  camera: name,
  label: z.string().min(1).max(128),
  /** A string, or [name, score] in newer versions. */
  sub_label: z.unknown().optional(),
  score: z.number().min(0).max(1).nullish(),
  top_score: z.number().min(0).max(1).nullish(),
  false_positive: z.boolean().nullish(),
  start_time: epochSeconds,
  end_time: epochSeconds.nullish(),
  frame_time: epochSeconds.nullish(),
  current_zones: labels.nullish(),
  entered_zones: labels.nullish(),
  stationary: z.boolean().nullish(),
  has_snapshot: z.boolean().nullish(),
  /** [x_min, y_min, x_max, y_max] in pixels of the camera's detect resolution. */
  box: z.array(z.number()).length(4).nullish(),
})

const messageOf = <S extends z.ZodType>(side: S) =>
  z.looseObject({
    type: z.enum(['new', 'update', 'end']),
    before: z.unknown().optional(),
    after: side,
  })
export const frigateReviewMessageSchema = messageOf(frigateReviewSchema)
export const frigateEventMessageSchema = messageOf(frigateEventSchema)
export type FrigateReviewMessage = z.infer<typeof frigateReviewMessageSchema>
export type FrigateEventMessage = z.infer<typeof frigateEventMessageSchema>
export type FrigateMessage =
  { source: 'reviews'; message: FrigateReviewMessage } | { source: 'events'; message: FrigateEventMessage }

/** What the hall last raised for a Frigate id (kept in SQLite by the caller). */
export interface FrigatePrior {
  version: number
  /** When that version was raised, ms (Frigate's frame time when it has one). */
  raisedMs: number
  /** The raised payload without its version, confidence and boxes (see `signatureOf`). */
  signature: string
}

/** A video alert without its version: the caller numbers the versions of each id. */
export type UnversionedAlert = { [K in keyof ZsVideoAlert as K extends 'version' ? never : K]: ZsVideoAlert[K] }

export type FrigateVerdict =
  { kind: 'alert'; alert: UnversionedAlert; signature: string; atMs: number } | { kind: 'ignore'; reason: string }

/**
 * What an operator sees change: everything but the confidence and the boxes (a parked car that
 * Frigate re-publishes because it became stationary, moved a little or got a better score shows
 * the same alert).
 */
export function signatureOf(alert: UnversionedAlert): string {
  const { confidence: _c, boxes: _b, ...rest } = alert
  void _c
  void _b
  return JSON.stringify(rest)
}

const stripVerified = (label: string) => label.replace(/-verified$/, '')

/** The first label that maps, and the zone override (first of the object's zones with a type). */
function typeFor(camera: FrigateCamera, found: readonly string[], zones: readonly string[]) {
  const label = found.map(stripVerified).find((l) => Object.hasOwn(camera.labels, l))
  if (label === undefined) return null
  const zone = zones.find((z) => camera.zones && Object.hasOwn(camera.zones, z) && camera.zones[z].type)
  return { label, type: zone !== undefined ? camera.zones![zone].type! : camera.labels[label] }
}

function base(camera: FrigateCamera, cameraName: string, frigateId: string, type: string, startTime: number) {
  return {
    schema: 'zs.video_alert/1' as const,
    id: frigateId,
    type,
    status: 'new' as const,
    cameraId: camera.cameraId ?? cameraName.slice(0, 64),
    cameraName: camera.cameraName ?? cameraName,
    communityId: camera.communityId,
    communityName: camera.communityName ?? null,
    propertyCompany: camera.propertyCompany ?? null,
    townshipCode: camera.townshipCode ?? null,
    detectedAt: toHallIso(Math.round(startTime * 1000)),
    drill: false,
  }
}

const snapshotUrl = (config: FrigateConfig, eventId: string | undefined) =>
  config.baseUrl && eventId ? { url: `${config.baseUrl}/api/events/${encodeURIComponent(eventId)}/snapshot.jpg` } : null

/**
 * Frigate's MQTT box is [x_min, y_min, x_max, y_max] in pixels of the detect resolution. With the
 * camera's `detect` size configured it becomes {x, y, w, h} in fractions (clamped to the image);
 * without it the box is omitted rather than guessed.
 */
export function normaliseBox(
  box: readonly number[] | null | undefined,
  detect: FrigateCamera['detect'],
  label: string,
): ZsVideoAlert['boxes'] {
  if (!box || !detect) return null
  const clamp = (v: number) => Math.min(1, Math.max(0, v))
  const [x1, y1, x2, y2] = box
  if (![x1, y1, x2, y2].every(Number.isFinite) || x2 <= x1 || y2 <= y1) return null
  const x = clamp(x1 / detect.width)
  const y = clamp(y1 / detect.height)
  const w = clamp(x2 / detect.width) - x
  const h = clamp(y2 / detect.height) - y
  if (w <= 0 || h <= 0) return null
  // Six decimals (a micro-fraction of the frame) keep the payload readable; the contract allows 1e-6 slack.
  const r = (v: number) => Math.round(v * 1e6) / 1e6
  return [{ x: r(x), y: r(y), w: r(w), h: r(h), label: label.slice(0, 64) }]
}

/**
 * `end` closes nothing: the alert's lifecycle belongs to the platform and the operators. An `end`
 * for an id already raised is ignored; for an id never raised (the hall missed `new`, or the
 * mapped label appeared only at the end) it raises the alert like `new`.
 */
function endVerdict(type: 'new' | 'update' | 'end', prior: FrigatePrior | null): FrigateVerdict | null {
  if (type === 'end' && prior) return { kind: 'ignore', reason: 'frigate end: already raised; end closes nothing' }
  return null
}

export function mapFrigate(
  input: FrigateMessage,
  config: FrigateConfig,
  prior: FrigatePrior | null,
  nowMs: number,
): FrigateVerdict {
  const after = input.message.after
  const camera = Object.hasOwn(config.cameras, after.camera) ? config.cameras[after.camera] : undefined
  if (!camera) return { kind: 'ignore', reason: `frigate: camera "${after.camera}" is not mapped` }
  const ended = endVerdict(input.message.type, prior)
  if (ended) return ended

  if (input.source === 'reviews') {
    const r = input.message.after as z.infer<typeof frigateReviewSchema>
    const found = [...(r.data.objects ?? []), ...(r.data.audio ?? [])]
    const mapped = typeFor(camera, found, r.data.zones ?? [])
    if (!mapped) return { kind: 'ignore', reason: `frigate: no mapped label in [${found.join(', ')}] on "${r.camera}"` }
    const alert: UnversionedAlert = {
      ...base(camera, r.camera, r.id, mapped.type, r.start_time),
      confidence: null,
      snapshot: snapshotUrl(config, r.data.detections?.[0]),
      boxes: null,
    }
    // Reviews are one item per incident: each distinct message is a version.
    return { kind: 'alert', alert, signature: signatureOf(alert), atMs: nowMs }
  }

  const e = input.message.after as z.infer<typeof frigateEventSchema>
  if (e.false_positive === true) return { kind: 'ignore', reason: 'frigate: false positive' }
  const mapped = typeFor(camera, [e.label], e.current_zones ?? [])
  if (!mapped) return { kind: 'ignore', reason: `frigate: label "${e.label}" is not mapped on "${e.camera}"` }
  const score = e.top_score ?? e.score ?? null
  if (score !== null && score < config.minScore)
    return { kind: 'ignore', reason: `frigate: score ${score} below minScore ${config.minScore}` }
  const alert: UnversionedAlert = {
    ...base(camera, e.camera, e.id, mapped.type, e.start_time),
    confidence: score,
    snapshot: e.has_snapshot === false ? null : snapshotUrl(config, e.id),
    boxes: normaliseBox(e.box, camera.detect, mapped.label),
  }
  const signature = signatureOf(alert)
  // Frigate's own clock when it has one, so a backlog delivered at once is judged by when it happened.
  const atMs = e.frame_time != null ? Math.round(e.frame_time * 1000) : nowMs
  if (
    input.message.type !== 'new' &&
    prior &&
    prior.signature === signature &&
    atMs - prior.raisedMs < config.stationaryCooldownMinutes * 60_000
  ) {
    return {
      kind: 'ignore',
      reason: `frigate: re-publication (stationary/position/score only) within ${config.stationaryCooldownMinutes} min`,
    }
  }
  return { kind: 'alert', alert, signature, atMs }
}
