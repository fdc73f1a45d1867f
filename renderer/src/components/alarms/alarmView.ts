/** What the alarm banner and bar show of an alarm: pure, so it is unit-tested. */
import type { Alarm } from '../../../../electron/contract'
import { clampSeverity, SEVERITY_COLORS, SEVERITY_TEXT_COLORS } from '../../model/eventMeta'
import { formatDateTime, formatTime, hallDate } from '../../utils/format'

export interface AlarmLine {
  id: number
  eventId: string
  severity: 1 | 2 | 3 | 4
  color: string
  textColor: string
  title: string
  township: string
  /** HH:mm:ss when reported today, else YYYY-MM-DD HH:mm:ss (Asia/Shanghai). */
  time: string
}

export function alarmLine(a: Alarm, now: Date = new Date()): AlarmLine {
  const severity = clampSeverity(a.severity)
  const time = hallDate(a.reportedAt) === hallDate(now) ? formatTime(a.reportedAt) : formatDateTime(a.reportedAt)
  return {
    id: a.id,
    eventId: a.eventId,
    severity,
    color: SEVERITY_COLORS[severity],
    textColor: SEVERITY_TEXT_COLORS[severity],
    title: a.title,
    township: a.township ?? a.townshipCode,
    time,
  }
}
