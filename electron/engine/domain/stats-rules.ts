/**
 * The rules behind the wall's statistics (docs/statistics.md), pure: which facts an event
 * contributes to the day facts, and how the six goals (六个目标) are measured. The store keeps
 * the facts exact (store/day-facts.ts); the tests compare them with a count over the events.
 */

/** Statuses in which an event counts as finished (办结) for the rates. `rejected` is not. */
export const DONE_STATUSES: ReadonlySet<string> = new Set(['resolved', 'visited', 'closed'])
/** Sources through which the hall finds a problem itself, before anyone complains (主动发现). */
export const PROACTIVE_SOURCES: ReadonlySet<string> = new Set(['grid_patrol', 'enforcement', 'video'])

export const DAY_MS = 24 * 3_600_000
const HALL_OFFSET_MS = 8 * 3_600_000
/** Days since 1970-01-01 in Asia/Shanghai (UTC+8, no daylight saving). */
export const hallDay = (ms: number) => Math.floor((ms + HALL_OFFSET_MS) / DAY_MS)

export const GOALS = ['disputes', 'hazards', 'hard_problems', 'opinion', 'coordination', 'decisions'] as const
export type Goal = (typeof GOALS)[number]

/** Categories of conflicts and disputes (矛盾纠纷), as the county platform names them. */
export const DISPUTE_CATEGORIES: ReadonlySet<string> = new Set([
  'neighbor_dispute',
  'land_dispute',
  'family_dispute',
  'wage_arrears',
  'land_compensation',
  'petition',
  'mass_incident',
  'dispute',
])
/** Categories of risks and hidden dangers (风险隐患). */
export const HAZARD_CATEGORIES: ReadonlySet<string> = new Set([
  'hazard',
  'hazardous_waste',
  'geological_hazard',
  'dilapidated_house',
  'fire_hazard',
  'fire_safety',
  'safety_production',
  'carbon_monoxide',
  'gas_safety',
  'food_safety',
  'overloaded_transport',
])
/** Severity from which an event is a hard problem (疑难问题): 较大 (III) and above. */
export const HARD_PROBLEM_SEVERITY = 3

/** The columns of an event the day facts depend on. */
export interface FactRow {
  drill_run: string
  source: string
  domain: string
  category: string
  severity: number
  status: string
  township_code: string
  village_code: string
  assignee_unit_id: string
  satisfaction: string | null
  reported_ms: number
  deadline_ms: number | null
  finished_ms: number | null
}

/** Which of the six goals an event counts towards (none, one or several). */
export function goalsOf(r: Pick<FactRow, 'source' | 'category' | 'severity'>): Goal[] {
  const goals: Goal[] = []
  if (DISPUTE_CATEGORIES.has(r.category)) goals.push('disputes')
  if (HAZARD_CATEGORIES.has(r.category)) goals.push('hazards')
  if (r.severity >= HARD_PROBLEM_SEVERITY) goals.push('hard_problems')
  if (r.source === 'opinion') goals.push('opinion')
  // 网格吹哨、部门报到: what the grid finds and the county's departments and townships dispose.
  if (r.source === 'grid_patrol') goals.push('coordination')
  // 上级转办: decisions and instructions passed down from above.
  if (r.source === 'referral') goals.push('decisions')
  return goals
}

export interface Flags {
  reported: number
  finished: number
  onTime: number
  visited: number
  satisfied: number
  proactive: number
  rejected: number
}
export const FLAG_COLUMNS = [
  'reported',
  'finished',
  'on_time',
  'visited',
  'satisfied',
  'proactive',
  'rejected',
] as const

/** Finished by its deadline (or without one, e.g. answered on the spot). */
export const finishedOnTime = (r: Pick<FactRow, 'status' | 'deadline_ms' | 'finished_ms'>) =>
  DONE_STATUSES.has(r.status) && (r.deadline_ms === null || (r.finished_ms ?? Infinity) <= r.deadline_ms)

export function flagsOf(r: FactRow): Flags {
  const done = DONE_STATUSES.has(r.status)
  return {
    reported: 1,
    finished: done ? 1 : 0,
    onTime: finishedOnTime(r) ? 1 : 0,
    visited: r.satisfaction ? 1 : 0,
    satisfied: r.satisfaction === 'satisfied' || r.satisfaction === 'basically_satisfied' ? 1 : 0,
    proactive: PROACTIVE_SOURCES.has(r.source) ? 1 : 0,
    rejected: r.status === 'rejected' ? 1 : 0,
  }
}

export type FactDim = 'all' | 'township' | 'village' | 'unit' | 'source' | 'domain' | 'goal'
/** The key of a village in the facts: its township first, so one township's villages are a range. */
export const villageKey = (townshipCode: string, villageCode: string) => `${townshipCode}:${villageCode}`

/** Every (dimension, key) an event counts under. */
export function keysOf(r: FactRow): [FactDim, string][] {
  const keys: [FactDim, string][] = [
    ['all', ''],
    ['township', r.township_code],
    ['source', r.source],
    ['domain', r.domain],
  ]
  if (r.village_code) keys.push(['village', villageKey(r.township_code, r.village_code)])
  if (r.assignee_unit_id) keys.push(['unit', r.assignee_unit_id])
  for (const g of goalsOf(r)) keys.push(['goal', g])
  return keys
}

export interface Facts {
  day: number
  keys: [FactDim, string][]
  flags: Flags
}

/** The facts of an event row; null for drill events, which never count. */
export function factsOf(r: FactRow): Facts | null {
  if (r.drill_run !== '') return null
  return { day: hallDay(r.reported_ms), keys: keysOf(r), flags: flagsOf(r) }
}

export const sameFacts = (a: Facts | null, b: Facts | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.day === b.day &&
    a.keys.length === b.keys.length &&
    a.keys.every(([d, k], i) => b.keys[i][0] === d && b.keys[i][1] === k) &&
    (Object.keys(a.flags) as (keyof Flags)[]).every((f) => a.flags[f] === b.flags[f]))

/** The finishing time of the new state: kept while finished, set on finishing, cleared when reopened. */
export function nextFinishedMs(previousFinishedMs: number | null | undefined, status: string, updatedMs: number) {
  if (!DONE_STATUSES.has(status)) return null
  return previousFinishedMs ?? updatedMs
}

/** A rate in per cent with one decimal, or null when there is nothing to divide by. */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null)
