/**
 * The detail route of one event: `#/events/:id` for a real event, `#/events/:id?run=<drillRunId>`
 * for a drill event ({root}/drill/{runId}/…), which may share its id with a real event.
 */
import type { LocationQuery, RouteLocationNormalizedLoaded, RouteLocationRaw } from 'vue-router'
import type { EventRef } from '../stores/events'

/** The query parameter that names a drill event's run. */
export const DRILL_RUN_QUERY = 'run'

/** Where the detail of this event opens. */
export function eventRoute(e: { id: string; drillRunId: string | null }): RouteLocationRaw {
  return {
    name: 'event',
    params: { id: e.id },
    query: e.drillRunId ? { [DRILL_RUN_QUERY]: e.drillRunId } : {},
  }
}

/** The drill run named by the query, or null (a real event). */
export function drillRunOf(query: LocationQuery): string | null {
  const v = query[DRILL_RUN_QUERY]
  const run = Array.isArray(v) ? v[0] : v
  return typeof run === 'string' && run !== '' ? run : null
}

/** The event the current route opens, or null when no detail is open. */
export function routeEventRef(
  route: Pick<RouteLocationNormalizedLoaded, 'name' | 'params' | 'query'>,
): EventRef | null {
  if (route.name !== 'event') return null
  const id = route.params.id
  if (typeof id !== 'string' || id === '') return null
  return { id, drillRunId: drillRunOf(route.query) }
}
