import { describe, expect, it } from 'vitest'
import { drillRunOf, eventRoute, routeEventRef } from './eventRoute'

describe('event routes', () => {
  it('opens a real event by its id and a drill event by its id and run', () => {
    expect(eventRoute({ id: 'EV-1', drillRunId: null })).toEqual({ name: 'event', params: { id: 'EV-1' }, query: {} })
    expect(eventRoute({ id: 'EV-1', drillRunId: 'run-7' })).toEqual({
      name: 'event',
      params: { id: 'EV-1' },
      query: { run: 'run-7' },
    })
  })

  it('reads the open event back from the route', () => {
    expect(routeEventRef({ name: 'event', params: { id: 'EV-1' }, query: {} })).toEqual({
      id: 'EV-1',
      drillRunId: null,
    })
    expect(routeEventRef({ name: 'event', params: { id: 'EV-1' }, query: { run: 'run-7' } })).toEqual({
      id: 'EV-1',
      drillRunId: 'run-7',
    })
    expect(routeEventRef({ name: 'workstation', params: {}, query: { run: 'run-7' } })).toBeNull()
  })

  it('takes the first run when repeated and treats an empty run as a real event', () => {
    expect(drillRunOf({ run: ['run-1', 'run-2'] })).toBe('run-1')
    expect(drillRunOf({ run: '' })).toBeNull()
    expect(drillRunOf({ run: null })).toBeNull()
    expect(drillRunOf({})).toBeNull()
  })
})
