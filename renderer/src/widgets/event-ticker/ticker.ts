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

/**
 * Whether the ticker animates a change of its lines (the new ones slide in and flash, the others
 * move down): only while at most half of the lines are new, or when the panel was empty. In a storm every line is new at each
 * redraw (4 a second): sliding in and flashing a panel of lines replaced 250 ms later shows
 * nothing, and measuring and animating them cost the page frames it needs (bench/wall-storm.ts).
 */
export function animatesChange(shownKeys: readonly string[], nextKeys: readonly string[]): boolean {
  if (!shownKeys.length) return true // the empty panel fills once
  const shown = new Set(shownKeys)
  let added = 0
  for (const k of nextKeys) if (!shown.has(k)) added++
  return added * 2 <= nextKeys.length
}
