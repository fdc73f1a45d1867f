/**
 * The hall's alarms (contract/alarms.ts): raised by the engine for each new real event of an
 * alarm severity, pushed live to every wall and workstation, ended by a duty officer's
 * acknowledgement or after the configured time. Acknowledgements and expiries are written to the
 * duty log as system entries. State lives in SQLite (alarms-repo.ts), so it survives a restart.
 */
import { raisesAlarm, type Alarm, type AlarmSettings, type AlarmSettingsState, type EventSummary } from '../../contract'
import { createAlarmsRepo, type NewAlarm } from './alarms-repo'
import type { Db } from '../store/database'
import type { LiveHub } from '../rpc/live'
import type { Handlers } from '../rpc/dispatcher'
import { ContractFailure } from '../../contract'

export interface AlarmServiceDeps {
  live: Pick<LiveHub, 'changed'>
  /** The duty log's system entry path (engine/index.ts writeSystemEntries). */
  writeSystemEntries: (items: { text: string; eventId?: string }[]) => void
  now?: () => number
  /** How often expiry is checked (ms); 0 = never by timer (tests call expireDue). */
  checkIntervalMs?: number
}

const place = (a: Pick<Alarm, 'township'>) => (a.township ? `（${a.township}）` : '')

/** Duty log lines for ended alarms: one per alarm, a burst summarised in one line. */
export function endedAlarmEntries(
  ended: Alarm[],
  how: 'acknowledged' | 'expired',
): { text: string; eventId?: string }[] {
  if (!ended.length) return []
  const verb =
    how === 'acknowledged'
      ? `已由 ${ended[0].acknowledgedByName ?? ended[0].acknowledgedBy ?? '值班员'} 确认`
      : '超时自动解除'
  if (ended.length > 3)
    return [
      {
        text: `${ended.length} 条警报${verb}：${ended
          .slice(0, 5)
          .map((a) => a.eventId)
          .join('、')}${ended.length > 5 ? ' 等' : ''}`,
      },
    ]
  return ended.map((a) => ({ text: `${a.severity} 级事件警报${verb}：${a.title}${place(a)}`, eventId: a.eventId }))
}

export function createAlarmService(db: Db, deps: AlarmServiceDeps) {
  const repo = createAlarmsRepo(db)
  const now = deps.now ?? Date.now
  let settings: AlarmSettingsState = repo.getSettings()

  const push = (alarms: Alarm[]) => {
    for (const a of alarms) deps.live.changed('alarms.onDidChange', String(a.id), a)
  }

  /** After each ingest commit: raise an alarm for every new alarm-worthy real event. */
  function onNewEvents(summaries: EventSummary[]): Alarm[] {
    const items: NewAlarm[] = []
    for (const e of summaries) {
      if (!raisesAlarm(e, settings.settings)) continue
      items.push({
        eventId: e.id,
        severity: e.severity,
        title: e.title,
        townshipCode: e.townshipCode,
        township: e.township,
        source: e.source,
        reportedAt: e.reportedAt,
      })
    }
    if (!items.length) return []
    const raised = repo.raise(items, now())
    push(raised)
    return raised
  }

  function acknowledge(ids: number[], operator: { username: string; displayName: string }): Alarm[] {
    for (const id of ids) if (!repo.get(id)) throw new ContractFailure('not_found', `no alarm ${id}`)
    const ended = repo.end(ids, 'acknowledged', now(), { username: operator.username, name: operator.displayName })
    push(ended)
    deps.writeSystemEntries(endedAlarmEntries(ended, 'acknowledged'))
    // Already acknowledged (another workstation was quicker) or expired: returned as they are.
    return ids.map((id) => repo.get(id)!)
  }

  /** Ends the active alarms older than the configured time (none when it is 0). */
  function expireDue(): Alarm[] {
    const minutes = settings.settings.autoClearMinutes
    if (!minutes) return []
    const ids = repo.dueIds(now() - minutes * 60_000)
    if (!ids.length) return []
    const ended = repo.end(ids, 'expired', now(), null)
    push(ended)
    deps.writeSystemEntries(endedAlarmEntries(ended, 'expired'))
    return ended
  }

  function setSettings(next: AlarmSettings, baseVersion: number, by: string | null): AlarmSettingsState {
    settings = repo.setSettings(next, baseVersion, by, now())
    deps.live.changed('alarms.onDidChangeSettings', 'settings', settings)
    expireDue()
    return settings
  }

  const interval = deps.checkIntervalMs ?? 5_000
  const timer = interval > 0 ? setInterval(() => expireDue(), interval) : null
  timer?.unref()

  const handlers: Pick<
    Handlers,
    'alarms.active' | 'alarms.list' | 'alarms.acknowledge' | 'alarms.getSettings' | 'alarms.setSettings'
  > = {
    'alarms.active': () => ({ items: repo.active(), total: repo.activeCount() }),
    'alarms.list': ({ limit }) => ({ items: repo.recent(limit) }),
    'alarms.acknowledge': ({ ids }, ctx) => {
      if (!ctx.operator) throw new ContractFailure('forbidden', 'acknowledging an alarm needs a signed-in operator')
      return { items: acknowledge(ids, ctx.operator) }
    },
    'alarms.getSettings': () => settings,
    'alarms.setSettings': ({ settings: next, baseVersion }, ctx) =>
      setSettings(next, baseVersion, ctx.operator?.displayName ?? null),
  }

  return {
    handlers,
    onNewEvents,
    acknowledge,
    expireDue,
    setSettings,
    settings: () => settings,
    repo,
    stop() {
      if (timer) clearInterval(timer)
    },
  }
}
export type AlarmService = ReturnType<typeof createAlarmService>
