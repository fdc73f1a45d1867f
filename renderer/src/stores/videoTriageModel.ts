/**
 * Pure rules of the video triage view: which actions an alert's status offers, how a pending
 * command settles (the platform's ack and the alert's new version), what an ack error means in
 * words, where a detection box sits over the picture, and the default forward deadline.
 */
import type {
  OutboxItem,
  VideoAlertAction,
  VideoAlertStatus,
  VideoAlertSummary,
  VideoTriageView,
} from '../../../electron/contract'

/** The tabs, in order (the engine's VIDEO_TRIAGE_VIEWS; repeated here to keep zod out of the UI). */
export const TRIAGE_VIEWS: readonly VideoTriageView[] = [
  'pending',
  'confirmed',
  'forwarded',
  'rectified',
  'done',
  'all',
]

/** The actions the lifecycle allows in a status (mqtt-contract.md, zs.video_alert/1). */
export function actionsFor(status: VideoAlertStatus): VideoAlertAction[] {
  switch (status) {
    case 'new':
      return ['confirm', 'dismiss']
    case 'confirmed':
      return ['forward_property']
    case 'rectified':
      return ['verify']
    default:
      return []
  }
}

/** A command the officer issued on an alert, until its outcome is on screen. */
export interface PendingCommand {
  commandId: string
  alertKey: string
  action: VideoAlertAction
  /** 'waiting': issued, no ack yet; 'applying': acknowledged, the new version not here yet. */
  phase: 'waiting' | 'applying'
  resultVersion: number | null
}

export type PendingOutcome =
  { kind: 'pending'; pending: PendingCommand } | { kind: 'done' } | { kind: 'failed'; code: string; message: string }

/**
 * Moves a pending command on with what is known now: its outbox item (the ack) and the alert's
 * current version. Done only when the ack is positive and the new version has arrived.
 */
export function settlePending(
  pending: PendingCommand,
  item: Pick<OutboxItem, 'state' | 'resultVersion' | 'error'> | null,
  current: Pick<VideoAlertSummary, 'version'> | null,
): PendingOutcome {
  let p = pending
  if (item?.state === 'failed') {
    return { kind: 'failed', code: item.error?.code ?? 'unknown', message: item.error?.message ?? '' }
  }
  if (item?.state === 'acknowledged') p = { ...p, phase: 'applying', resultVersion: item.resultVersion }
  if (p.phase === 'applying' && current && (p.resultVersion === null || current.version >= p.resultVersion)) {
    return { kind: 'done' }
  }
  return { kind: 'pending', pending: p }
}

/** i18n key of an ack or call error code; unknown codes use the generic message. */
export function errorKey(code: string): string {
  const known = [
    'stale_version',
    'invalid_transition',
    'unknown_target',
    'forbidden',
    'invalid',
    'invalid_params',
    'locked',
    'unauthorized',
  ]
  return known.includes(code) ? `video.error.${code}` : 'video.error.other'
}

/** A detection box as CSS percentages over the picture, clamped inside it. */
export function boxStyle(box: { x: number; y: number; w: number; h: number }): Record<string, string> {
  const clamp = (n: number) => Math.min(1, Math.max(0, Number.isFinite(n) ? n : 0))
  const x = clamp(box.x)
  const y = clamp(box.y)
  const pct = (n: number) => `${(n * 100).toFixed(2)}%`
  return {
    left: pct(x),
    top: pct(y),
    width: pct(Math.min(clamp(box.w), 1 - x)),
    height: pct(Math.min(clamp(box.h), 1 - y)),
  }
}

/** The boxes of an alert version's payload, only the well-formed ones. */
export function boxesOf(
  payload: Record<string, unknown> | null | undefined,
): { x: number; y: number; w: number; h: number; label: string | null }[] {
  const raw = payload?.boxes
  if (!Array.isArray(raw)) return []
  return raw.flatMap((b: unknown) => {
    if (typeof b !== 'object' || b === null) return []
    const { x, y, w, h, label } = b as Record<string, unknown>
    if (![x, y, w, h].every((n) => typeof n === 'number' && Number.isFinite(n))) return []
    return [
      {
        x: x as number,
        y: y as number,
        w: w as number,
        h: h as number,
        label: typeof label === 'string' ? label : null,
      },
    ]
  })
}

/** The default rectification deadline: `hours` from now, rounded up to the next quarter hour. */
export function defaultForwardDeadline(nowMs: number, hours = 24): Date {
  const quarter = 15 * 60_000
  return new Date(Math.ceil((nowMs + hours * 3_600_000) / quarter) * quarter)
}

/** Minutes as "1小时5分" / "45分" (zh) or "1 h 5 min" (en). */
export function formatMinutes(minutes: number | null, locale: string): string {
  if (minutes === null || !Number.isFinite(minutes)) return '—'
  const m = Math.round(minutes)
  const h = Math.floor(m / 60)
  const rest = m % 60
  if (locale.startsWith('zh')) return h ? `${h}小时${rest ? `${rest}分` : ''}` : `${rest}分钟`
  return h ? `${h} h${rest ? ` ${rest} min` : ''}` : `${rest} min`
}

/** A time as the contract wants it, in the hall's zone: 2026-11-28T18:00:00+08:00. */
export function toHallIsoString(ms: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000)
  return `${shifted.toISOString().slice(0, 19)}+08:00`
}

/** The platform's last action on a version's payload, as text only; null when absent or malformed. */
export function lastActionOf(
  payload: Record<string, unknown>,
): { action: string; by: string | null; at: string | null; note: string | null; reason: string | null } | null {
  const a = payload.lastAction
  if (typeof a !== 'object' || a === null) return null
  const o = a as Record<string, unknown>
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null)
  const action = text(o.action)
  return action ? { action, by: text(o.by), at: text(o.at), note: text(o.note), reason: text(o.reason) } : null
}
