/**
 * Alarms that cannot be missed: a new real event of a major severity (4 always, 3 when the hall
 * chooses) takes over every wall until a duty officer acknowledges it from a workstation, or until
 * a configured time has passed. The engine owns the alarm state (SQLite), so every wall and
 * workstation agrees and an engine restart keeps it. Drill events never raise a real alarm.
 */
import { z } from 'zod'
import type { MethodDef } from './api'
import type { Scope } from './auth'
import { isoTimestamp } from './payloads'

export const ALARM_STATES = ['active', 'acknowledged', 'expired'] as const
export type AlarmState = (typeof ALARM_STATES)[number]

export const alarmSchema = z.object({
  id: z.int(),
  eventId: z.string(),
  severity: z.int(),
  title: z.string(),
  townshipCode: z.string(),
  township: z.string().nullable(),
  source: z.string(),
  /** When the event was reported (its `reportedAt`). */
  reportedAt: z.string(),
  /** When the hall raised the alarm. */
  raisedAt: isoTimestamp,
  state: z.enum(ALARM_STATES),
  /** When it was acknowledged or expired. */
  endedAt: isoTimestamp.nullable(),
  /** The operator who acknowledged it (username and display name). */
  acknowledgedBy: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
})
export type Alarm = z.infer<typeof alarmSchema>

export const alarmSettingsSchema = z.object({
  /** The lowest severity that raises an alarm: 4 (特别重大 only) or 3 (重大 too). */
  minSeverity: z.union([z.literal(3), z.literal(4)]),
  /** Minutes after which an unacknowledged alarm ends by itself; 0 = only by acknowledgement. */
  autoClearMinutes: z.int('须为整数分钟').min(0).max(1440, '最多 1440 分钟'),
  /** Whether walls sound the alarm tone. */
  sound: z.boolean(),
})
export type AlarmSettings = z.infer<typeof alarmSettingsSchema>

export const DEFAULT_ALARM_SETTINGS: AlarmSettings = { minSeverity: 4, autoClearMinutes: 0, sound: true }

export const alarmSettingsStateSchema = z.object({
  settings: alarmSettingsSchema,
  /** 0 for the built-in default (never saved). */
  version: z.int(),
  updatedAt: isoTimestamp.nullable(),
  updatedBy: z.string().nullable(),
})
export type AlarmSettingsState = z.infer<typeof alarmSettingsStateSchema>

/** Is this event (a new one) alarm-worthy under these settings? Drill events never are. */
export function raisesAlarm(
  e: { severity: number; drill: boolean; drillRunId?: string | null },
  settings: Pick<AlarmSettings, 'minSeverity'>,
): boolean {
  return !e.drill && !e.drillRunId && e.severity >= settings.minSeverity
}

/** The alarm a wall shows in its banner: the most severe active one, the newest among equals. */
export function bannerAlarm<A extends Pick<Alarm, 'id' | 'severity' | 'state'>>(alarms: readonly A[]): A | null {
  let best: A | null = null
  for (const a of alarms) {
    if (a.state !== 'active') continue
    if (!best || a.severity > best.severity || (a.severity === best.severity && a.id > best.id)) best = a
  }
  return best
}

export const alarmMethods = {
  'alarms.active': {
    scope: 'read' as Scope,
    summary: 'The alarms not yet acknowledged (or expired), newest first (at most 500; total counts them all)',
    params: z.object({}).optional(),
    result: z.object({ items: z.array(alarmSchema), total: z.int() }),
    http: { path: '/api/alarms/active' },
  },
  'alarms.list': {
    scope: 'read' as Scope,
    summary: 'Recent alarms of every state, newest first',
    params: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    result: z.object({ items: z.array(alarmSchema) }),
    http: { path: '/api/alarms' },
  },
  'alarms.acknowledge': {
    scope: 'operate' as Scope,
    summary: 'A duty officer acknowledges active alarms (noted in the duty log); the walls release them at once',
    params: z.object({ ids: z.array(z.int()).min(1).max(500) }),
    result: z.object({ items: z.array(alarmSchema) }),
  },
  'alarms.getSettings': {
    scope: 'read' as Scope,
    summary: 'Which severities raise alarms, the automatic end, the sound',
    params: z.object({}).optional(),
    result: alarmSettingsStateSchema,
    http: { path: '/api/alarms/settings' },
  },
  'alarms.setSettings': {
    scope: 'lead' as Scope,
    summary: 'Change the alarm settings (shift lead, administrator)',
    params: z.object({ settings: alarmSettingsSchema, baseVersion: z.int().min(0) }),
    result: alarmSettingsStateSchema,
  },
} as const satisfies Record<string, MethodDef>

export const alarmLiveEvents = {
  'alarms.onDidChange': {
    scope: 'read' as Scope,
    summary: 'Alarms raised, acknowledged or expired since the last batch (latest state per alarm)',
    data: z.object({ items: z.array(alarmSchema) }),
  },
  'alarms.onDidChangeSettings': {
    scope: 'read' as Scope,
    summary: 'The alarm settings were changed',
    data: z.object({ items: z.array(alarmSettingsStateSchema) }),
  },
} as const
