import { describe, expect, it } from 'vitest'
import {
  animatesUpdate,
  CHART_ANIMATION_MIN_GAP_MS,
  createChartUpdateQueue,
  optionForUpdate,
  WALL_CHART_MIN_INTERVAL_MS,
} from './chartUpdates'
import type { WallChartOption } from './echarts'

/** A queue whose tasks run only when the test says so. */
function manualQueue() {
  const tasks: (() => void)[] = []
  const queue = createChartUpdateQueue((run) => void tasks.push(run))
  /** Runs the next task; returns false when none is scheduled. */
  const runTask = () => {
    const t = tasks.shift()
    t?.()
    return Boolean(t)
  }
  return { queue, tasks, runTask }
}

describe('chart update queue', () => {
  it('applies one chart per task: a refresh changing every chart is spread over as many tasks', () => {
    const { queue, tasks, runTask } = manualQueue()
    const applied: string[] = []
    const charts = ['source', 'domain', 'hour'].map((name) => ({ name }))
    for (const c of charts) queue.request(c, () => applied.push(c.name))
    expect(applied).toEqual([])
    expect(tasks).toHaveLength(1)
    runTask()
    expect(applied).toEqual(['source'])
    runTask()
    expect(applied).toEqual(['source', 'domain'])
    runTask()
    expect(applied).toEqual(['source', 'domain', 'hour'])
    expect(runTask()).toBe(false)
    expect(queue.size).toBe(0)
  })

  it("keeps only a chart's latest update while it waits for its turn", () => {
    const { queue, runTask } = manualQueue()
    const a = {}
    const b = {}
    const applied: string[] = []
    queue.request(a, () => applied.push('a1'))
    queue.request(b, () => applied.push('b1'))
    queue.request(a, () => applied.push('a2'))
    queue.request(a, () => applied.push('a3'))
    expect(queue.size).toBe(2)
    while (runTask());
    expect(applied).toEqual(['a3', 'b1'])
  })

  it('bounds the work per task whatever the number of requests (a storm of refreshes)', () => {
    const { queue, runTask } = manualQueue()
    const charts = [{}, {}, {}]
    let applied = 0
    for (let i = 0; i < 1000; i++) queue.request(charts[i % 3], () => applied++)
    let tasks = 0
    while (runTask()) {
      tasks++
      expect(applied).toBe(tasks) // exactly one chart update in each task
    }
    expect(applied).toBe(3)
  })

  it('drops what a chart still waits for when it is cancelled (unmounted)', () => {
    const { queue, runTask } = manualQueue()
    const a = {}
    const applied: string[] = []
    queue.request(a, () => applied.push('a'))
    queue.cancel(a)
    while (runTask());
    expect(applied).toEqual([])
  })

  it('goes on with the next chart when one update throws', () => {
    const { queue, runTask } = manualQueue()
    const applied: string[] = []
    queue.request({}, () => {
      throw new Error('chart disposed')
    })
    queue.request({}, () => applied.push('b'))
    expect(() => runTask()).toThrow('chart disposed')
    while (runTask());
    expect(applied).toEqual(['b'])
  })

  it('a request made while applying is scheduled after it', () => {
    const { queue, runTask } = manualQueue()
    const a = {}
    const applied: string[] = []
    queue.request(a, () => {
      applied.push('a1')
      queue.request(a, () => applied.push('a2'))
    })
    runTask()
    expect(applied).toEqual(['a1'])
    runTask()
    expect(applied).toEqual(['a1', 'a2'])
  })
})

describe('update animation', () => {
  it('animates the first update and one after a quiet while, not updates in quick succession', () => {
    expect(animatesUpdate(null, 10_000)).toBe(true)
    expect(animatesUpdate(10_000, 10_000 + CHART_ANIMATION_MIN_GAP_MS)).toBe(true)
    expect(animatesUpdate(10_000, 11_000)).toBe(false) // the wall's statistics refresh every second in a storm
    // a wall chart changing all the time is redrawn every WALL_CHART_MIN_INTERVAL_MS, never animated
    expect(animatesUpdate(10_000, 10_000 + WALL_CHART_MIN_INTERVAL_MS)).toBe(false)
  })

  it('switches animation off for one update and back on as the builder had it', () => {
    const built: WallChartOption = { series: [], animationDurationUpdate: 300 }
    expect(optionForUpdate(built, false)).toEqual({ series: [], animationDurationUpdate: 300, animation: false })
    expect(optionForUpdate(built, true).animation).toBe(true)
    expect(optionForUpdate({ ...built, animation: false }, true).animation).toBe(false)
    expect(built).toEqual({ series: [], animationDurationUpdate: 300 }) // the built option is not changed
  })
})
