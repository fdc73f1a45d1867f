import { formatLongDate, formatTime, formatWeekday } from '../../utils/format'

export interface ClockFace {
  date: string
  weekday: string
  time: string
}

/** The wall clock in Asia/Shanghai, whatever the machine's zone. */
export function clockFace(now: Date): ClockFace {
  return { date: formatLongDate(now), weekday: formatWeekday(now), time: formatTime(now) }
}
