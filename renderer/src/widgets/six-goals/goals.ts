/** The six goals (六个目标) as "in time" indicators, from `stats.goals` (docs/statistics.md). */
import type { StatsGoals } from '../../../../electron/contract'
import { GOAL_KEYS } from '../../../../electron/contract/stats'

export interface GoalTile {
  key: (typeof GOAL_KEYS)[number]
  /** 0–100, or null without anything to measure. */
  value: number | null
  text: string
  measure: 'onTime' | 'proactive'
  numerator: number
  denominator: number
  tone: 'good' | 'attention' | 'alert' | 'none'
}

/** At or above: good; below GOAL_ALERT_BELOW: alert; between: attention. */
export const GOAL_GOOD_FROM = 90
export const GOAL_ALERT_BELOW = 70

export function goalTiles(g: StatsGoals | null | undefined): GoalTile[] {
  const byKey = new Map((g?.goals ?? []).map((x) => [x.key, x]))
  return GOAL_KEYS.map((key) => {
    const x = byKey.get(key)
    const value = x?.value ?? null
    return {
      key,
      value,
      // 100 without a decimal: the ring's centre holds four characters at the wall's text size.
      text: value === null ? '—' : value >= 100 ? '100' : value.toFixed(1),
      measure: key === 'hazards' ? 'proactive' : 'onTime',
      numerator: x?.numerator ?? 0,
      denominator: x?.denominator ?? 0,
      tone:
        value === null ? 'none' : value >= GOAL_GOOD_FROM ? 'good' : value < GOAL_ALERT_BELOW ? 'alert' : 'attention',
    }
  })
}
