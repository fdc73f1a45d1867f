/**
 * Handlers of the wall's statistics methods (`stats.*` except stats.overview); index.ts spreads
 * them into the dispatcher's handlers.
 */
import type { WallStatsRepo } from '../store/wall-stats-repo'
import type { Handlers } from './dispatcher'

type StatsMethods =
  | 'stats.kpis'
  | 'stats.hourly'
  | 'stats.breakdown'
  | 'stats.places'
  | 'stats.grids'
  | 'stats.units'
  | 'stats.propertyCompanies'
  | 'stats.goals'

export function createStatsHandlers(stats: WallStatsRepo, now: () => number = Date.now): Pick<Handlers, StatsMethods> {
  return {
    'stats.kpis': (p) => stats.kpis(now(), p?.windowDays),
    'stats.hourly': () => stats.hourly(now()),
    'stats.breakdown': (p) => stats.breakdown(now(), p?.windowDays),
    'stats.places': (p) => stats.places(now(), p?.windowDays, p?.townshipCode),
    'stats.grids': () => stats.grids(),
    'stats.units': (p) => stats.units(now(), p?.windowDays),
    'stats.propertyCompanies': (p) => stats.propertyCompanies(now(), p?.windowDays),
    'stats.goals': (p) => stats.goals(now(), p?.windowDays),
  }
}
