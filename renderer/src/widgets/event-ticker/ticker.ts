/** The wall's ticker of the newest events: what each line shows. */
import type { EventSummary } from '../../../../electron/contract'
import { clampSeverity, severityColor } from '../../model/eventMeta'
import { formatTime, hallDate } from '../../utils/format'

export interface TickerLine {
  /** The event's key (its identity: a drill event may share its id with a real one). */
  key: string
  id: string
  title: string
  severity: 1 | 2 | 3 | 4
  color: string
  source: string
  township: string
  /** HH:mm:ss when reported today, else MM-DD HH:mm */
  time: string
  drill: boolean
}

export function tickerLines(events: readonly EventSummary[], limit: number, now: Date = new Date()): TickerLine[] {
  const today = hallDate(now)
  return events.slice(0, limit).map((e) => {
    const sameDay = hallDate(e.reportedAt) === today
    const time = sameDay
      ? formatTime(e.reportedAt)
      : `${hallDate(e.reportedAt).slice(5)} ${formatTime(e.reportedAt).slice(0, 5)}`
    return {
      key: e.key,
      id: e.id,
      title: e.title,
      severity: clampSeverity(e.severity),
      color: severityColor(e.severity),
      source: e.source,
      township: e.township ?? e.townshipCode,
      time,
      drill: e.drill,
    }
  })
}

/** How many whole lines of `line` px with `gap` px between them fit in `height` px. */
export function linesThatFit(height: number, size: { line: number; gap: number; padding: number }): number {
  const usable = height - size.padding
  if (usable < size.line) return 0
  return Math.floor((usable + size.gap) / (size.line + size.gap))
}
