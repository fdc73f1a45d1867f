/**
 * Which shift a moment belongs to. A schedule is a list of start times (Asia/Shanghai); each shift
 * runs until the next one starts, the last one into the next day. A shift is named by the date it
 * starts on and its name: the night shift 20:00–08:00 that starts on the 28th is '2026-11-28 夜班'
 * all night.
 */
import type { Shift, ShiftDef } from '../../contract/dutylog'
import { startOfHallDay, toHallIso } from '../domain/time'

const DAY = 86_400_000
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export function shiftAt(schedule: readonly ShiftDef[], ms: number): Shift {
  const sorted = [...schedule].sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
  const day = startOfHallDay(ms)
  // Candidate starts: each shift today, and the last one yesterday (it may still be running).
  const starts = [
    { def: sorted[sorted.length - 1], at: day - DAY + minutesOf(sorted[sorted.length - 1].start) * 60_000 },
    ...sorted.map((def) => ({ def, at: day + minutesOf(def.start) * 60_000 })),
  ]
  let current = starts[0]
  for (const s of starts) if (s.at <= ms) current = s
  const i = sorted.indexOf(current.def)
  const next = sorted[(i + 1) % sorted.length]
  let endsAt = startOfHallDay(current.at) + minutesOf(next.start) * 60_000
  if (endsAt <= current.at) endsAt += DAY
  const date = toHallIso(current.at).slice(0, 10)
  return {
    key: `${date} ${current.def.name}`,
    name: current.def.name,
    date,
    startsAt: toHallIso(current.at),
    endsAt: toHallIso(endsAt),
  }
}
