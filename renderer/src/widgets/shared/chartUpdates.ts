/**
 * How the wall's charts take new options (used by useChart), as plain functions tested without a
 * browser. Measured under `bench/wall-storm.ts` (5,000 events/s), where the statistics change every
 * second:
 * - all charts updated in the same task (ECharts' `lazyUpdate` defers them all to the same next
 *   animation frame) add up to one long task: the update queue applies one chart per task;
 * - animated updates repaint the whole chart on every animation frame while they run, and with a
 *   change a second some never stop: the pie tweens 500 ms (its series default, not the option's
 *   `animationDurationUpdate`), the line re-runs its 1 s clip-path entry animation on every update
 *   (ECharts' LineView `initProps` on the clip path). Charts repainted 15–20 times a second in the
 *   storm. An update that follows the previous one closely is therefore drawn at once
 *   (`animation: false` for that update); after a quiet while it animates again;
 * - and the wall's charts take new data at most every WALL_CHART_MIN_INTERVAL_MS.
 */
import type { WallChartOption } from './echarts'

/** An update this soon after the previous one of the same chart is drawn without animation. */
export const CHART_ANIMATION_MIN_GAP_MS = 5000
/**
 * The wall's charts take new data at most this often: in a storm the statistics change every
 * second, and redrawing three charts a second (≈ 10 ms of the page's main thread each on a 2-core
 * wall PC, plus the garbage) is what the page spent most on after the fixes above; a chart that
 * changes all the time is as readable every 2 s. The first change after a quiet while is drawn at
 * once; the KPI figures still follow every refresh.
 */
export const WALL_CHART_MIN_INTERVAL_MS = 2000

export interface ChartUpdateQueue {
  /** Queues `apply` for `chart`; a newer request for the same chart replaces one not yet applied. */
  request(chart: object, apply: () => void): void
  /** Drops what is queued for `chart` (unmounted). */
  cancel(chart: object): void
  /** Charts waiting for their turn. */
  readonly size: number
}

/**
 * One chart update per task, in the order the charts first asked; `schedule` runs a function in a
 * task of its own (a timer; a test drives it by hand). Between two updates the browser may paint
 * and handle input.
 */
export function createChartUpdateQueue(
  schedule: (run: () => void) => void = (run) => void setTimeout(run, 0),
): ChartUpdateQueue {
  const pending = new Map<object, () => void>()
  let scheduled = false

  function next() {
    scheduled = false
    const first = pending.entries().next()
    if (first.done) return
    const [chart, apply] = first.value
    pending.delete(chart)
    try {
      apply()
    } finally {
      if (pending.size && !scheduled) {
        scheduled = true
        schedule(next)
      }
    }
  }

  return {
    request(chart, apply) {
      pending.set(chart, apply)
      if (!scheduled) {
        scheduled = true
        schedule(next)
      }
    },
    cancel(chart) {
      pending.delete(chart)
    },
    get size() {
      return pending.size
    },
  }
}

/** The queue every chart of this window shares. */
export const chartUpdates = createChartUpdateQueue()

/** Whether an update at `now` is animated: only when the chart's previous update is long enough ago. */
export function animatesUpdate(previousAt: number | null, now: number, minGapMs = CHART_ANIMATION_MIN_GAP_MS): boolean {
  return previousAt === null || now - previousAt >= minGapMs
}

/**
 * The option to merge for one update: as built, animated (the builder's `animation`, else on) or
 * not animated for this update only — `animation` is a global option, merged like any other.
 */
export function optionForUpdate(option: WallChartOption, animate: boolean): WallChartOption {
  return { ...option, animation: animate ? (option.animation ?? true) : false }
}
