/**
 * The county platform's side of community video alerts, simulated: it remembers the alerts the
 * analytics published, answers the hall's video-alert commands (confirm, dismiss,
 * forward_property, verify) against the alert lifecycle and the command's base version exactly as
 * mqtt-contract.md says, publishes each accepted command's result as the alert's next version,
 * and later plays the property company (物业公司) reporting the rectification (整改) with an
 * "after" photo: a real PNG of the same camera's scene with the spot cleared.
 *
 * The lifecycle and the version check are pure functions (tested directly); the platform object
 * holds the state and the rectification schedule, and is driven by the simulator's tick.
 */
import {
  parseCommandParams,
  VIDEO_ALERT_ACTION_PARAMS,
  type VideoAlertAction,
  type VideoAlertStatus,
  type ZsCommand,
  type ZsVideoAlert,
} from '../contract'
import type { CommandOutcome } from './command-router'
import { paintSnapshot } from './png'
import type { Rng } from './random'
import { MINUTE, toShanghaiIso } from './time'
import { cameraSceneVariant, SNAPSHOT_HEIGHT, SNAPSHOT_WIDTH, videoAlertTopic } from './video'

/** zs.video_alert/1 lifecycle: the status an action needs and the status it leads to. */
export const VIDEO_ALERT_TRANSITIONS: Record<VideoAlertAction, { from: VideoAlertStatus; to: VideoAlertStatus }> = {
  confirm: { from: 'new', to: 'confirmed' },
  dismiss: { from: 'new', to: 'dismissed' },
  forward_property: { from: 'confirmed', to: 'forwarded' },
  verify: { from: 'rectified', to: 'verified' },
}

const isVideoAlertAction = (a: string): a is VideoAlertAction => Object.hasOwn(VIDEO_ALERT_ACTION_PARAMS, a)

/** Statuses after which nothing more happens to an alert. */
export const FINAL_VIDEO_ALERT_STATUSES: readonly VideoAlertStatus[] = ['dismissed', 'verified']

export type VideoCommandDecision =
  | { ok: true; next: ZsVideoAlert }
  | { ok: false; code: 'stale_version' | 'invalid_transition' | 'invalid'; message: string }

/**
 * What the platform does with one command on an alert it knows (`current` is its latest version):
 * check the action and params, the base version (must be the current version), the lifecycle,
 * then build the next version. Pure.
 */
export function decideVideoAlertCommand(
  current: ZsVideoAlert,
  command: ZsCommand,
  nowMs: number,
): VideoCommandDecision {
  const action = command.action
  if (!isVideoAlertAction(action)) {
    return { ok: false, code: 'invalid', message: `“${action}” is not a video-alert action` }
  }
  const params = parseCommandParams('video_alert', action, command.params)
  if (!params.ok) {
    return { ok: false, code: 'invalid', message: params.issues.map((i) => `${i.path}: ${i.message}`).join('; ') }
  }
  if (command.target.baseVersion !== current.version) {
    return {
      ok: false,
      code: 'stale_version',
      message: `video alert ${current.id} is at version ${current.version}, not ${command.target.baseVersion}`,
    }
  }
  const { from, to } = VIDEO_ALERT_TRANSITIONS[action]
  if (current.status !== from) {
    return {
      ok: false,
      code: 'invalid_transition',
      message: `cannot ${action} a video alert that is ${current.status} (needs ${from})`,
    }
  }
  const p = params.params as { note?: string; reason?: string; deadline?: string }
  if (action === 'forward_property' && p.deadline && Date.parse(p.deadline) <= nowMs) {
    return { ok: false, code: 'invalid', message: 'the rectification deadline is already past' }
  }
  const at = toShanghaiIso(nowMs)
  // A status-only version: no snapshot (the hall keeps the newest picture it has).
  const { snapshot: _snapshot, ...rest } = current
  void _snapshot
  const next: ZsVideoAlert = {
    ...rest,
    version: current.version + 1,
    status: to,
    updatedAt: at,
    lastAction: {
      action,
      by: command.operator.name,
      operatorId: command.operator.id,
      at,
      note: p.note ?? null,
      ...(p.reason ? { reason: p.reason } : {}),
    },
    ...(action === 'forward_property' ? { forwardedAt: at, deadline: p.deadline, forwardNote: p.note ?? null } : {}),
    ...(action === 'dismiss' ? { dismissReason: p.reason } : {}),
    ...(action === 'verify' ? { verifiedAt: at } : {}),
  }
  return { ok: true, next }
}

/** The property company's report: the next version, `rectified`, with an "after" photo. Pure. */
export function rectifiedVersion(current: ZsVideoAlert, nowMs: number, note = '已完成整改，现场已清理'): ZsVideoAlert {
  const box = current.boxes?.[0] ?? { x: 0.4, y: 0.5, w: 0.2, h: 0.2 }
  const after = paintSnapshot(
    SNAPSHOT_WIDTH,
    SNAPSHOT_HEIGHT,
    { x: box.x, y: box.y, w: box.w, h: box.h },
    // Green where the problem was: the spot, cleared.
    [40, 180, 90],
    cameraSceneVariant(current.cameraId ?? current.id),
  )
  const at = toShanghaiIso(nowMs)
  const { snapshot: _snapshot, ...rest } = current
  void _snapshot
  return {
    ...rest,
    version: current.version + 1,
    status: 'rectified',
    updatedAt: at,
    lastAction: {
      action: 'rectify',
      by: current.propertyCompany?.name ?? '物业公司',
      at,
      note,
    },
    rectification: { at, note, snapshot: { mime: 'image/png', base64: after.toString('base64') } },
  }
}

export interface VideoPlatformOptions {
  root: string
  rng: Rng
  /** How long the property company takes to rectify, ms [min, max]; default 20 s – 2 min. */
  rectifyDelayMs?: readonly [number, number]
  /** Share of forwarded alerts the company rectifies (the rest stay forwarded, overdue); default 0.85. */
  rectifyShare?: number
  /** Alerts remembered (the oldest are forgotten: commands on them get unknown_target); default 5,000. */
  maxAlerts?: number
}

export interface VideoPlatform {
  /** An alert version the analytics or the platform published. */
  track(alert: ZsVideoAlert): void
  /** Answers one video-alert command (for the command router). */
  answer(command: ZsCommand, nowMs: number): CommandOutcome
  /** The property companies' rectifications due by `nowMs`, as the alerts' next versions (already tracked). */
  dueRectifications(nowMs: number): { topic: string; payload: ZsVideoAlert }[]
  stats(): { tracked: number; answered: number; refused: number; rectified: number; awaitingRectification: number }
}

export function createVideoPlatform(options: VideoPlatformOptions): VideoPlatform {
  const [minDelay, maxDelay] = options.rectifyDelayMs ?? [20_000, 2 * MINUTE]
  const share = Math.min(1, Math.max(0, options.rectifyShare ?? 0.85))
  const maxAlerts = Math.max(1, options.maxAlerts ?? 5_000)
  // Latest version per id, without the snapshot bytes (never republished, not worth the memory).
  const alerts = new Map<string, ZsVideoAlert>()
  const schedule: { atMs: number; id: string; forwardedVersion: number }[] = []
  const counters = { answered: 0, refused: 0, rectified: 0 }

  function track(alert: ZsVideoAlert): void {
    if (alert.drill) return
    const known = alerts.get(alert.id)
    if (known && known.version >= alert.version) return
    const { snapshot: _snapshot, ...light } = alert
    void _snapshot
    if (light.rectification?.snapshot) light.rectification = { ...light.rectification, snapshot: undefined }
    alerts.delete(alert.id) // re-inserted last: the least recently changed is forgotten first
    alerts.set(alert.id, light as ZsVideoAlert)
    while (alerts.size > maxAlerts) alerts.delete(alerts.keys().next().value!)
  }

  return {
    track,
    answer(command, nowMs) {
      const current = alerts.get(command.target.id)
      if (!current || command.drill) {
        counters.refused++
        return { ok: false, code: 'unknown_target', message: `video alert ${command.target.id} is not known` }
      }
      const decision = decideVideoAlertCommand(current, command, nowMs)
      if (!decision.ok) {
        counters.refused++
        return decision
      }
      counters.answered++
      track(decision.next)
      if (decision.next.status === 'forwarded' && options.rng.chance(share)) {
        const delay = minDelay + options.rng.next() * Math.max(0, maxDelay - minDelay)
        schedule.push({ atMs: nowMs + delay, id: current.id, forwardedVersion: decision.next.version })
        schedule.sort((a, b) => a.atMs - b.atMs)
      }
      return {
        ok: true,
        resultVersion: decision.next.version,
        publications: [{ topic: videoAlertTopic(options.root, decision.next), payload: decision.next }],
      }
    },
    dueRectifications(nowMs) {
      const out: { topic: string; payload: ZsVideoAlert }[] = []
      while (schedule.length && schedule[0].atMs <= nowMs) {
        const item = schedule.shift()!
        const current = alerts.get(item.id)
        // Forgotten, or moved on in the meantime: nothing to rectify.
        if (!current || current.version !== item.forwardedVersion || current.status !== 'forwarded') continue
        const next = rectifiedVersion(current, nowMs)
        track(next)
        counters.rectified++
        out.push({ topic: videoAlertTopic(options.root, next), payload: next })
      }
      return out
    },
    stats: () => ({
      tracked: alerts.size,
      ...counters,
      awaitingRectification: schedule.length,
    }),
  }
}
