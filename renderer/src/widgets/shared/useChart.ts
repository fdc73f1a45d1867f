/**
 * Mounts one ECharts instance on an element. The instance stays out of Vue reactivity (a plain
 * variable), follows the element's size (ResizeObserver), gets new options at most ~4 times a
 * second (the wall's charts every 2 s) — one chart per task, animated only when the previous
 * update is a while ago (chartUpdates.ts) — renders sharp on a scaled wall canvas (pixel ratio ×
 * canvas scale) and is disposed on unmount.
 */
import { inject, onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { throttle } from '../../utils/throttle'
import { CANVAS_SCALE } from './canvasScale'
import { animatesUpdate, chartUpdates, optionForUpdate } from './chartUpdates'
import { init, type ECharts, type WallChartOption } from './echarts'

export const CHART_UPDATE_INTERVAL_MS = 250

export interface UseChartOptions {
  /** New options at most this often (default CHART_UPDATE_INTERVAL_MS; the wall's: WALL_CHART_MIN_INTERVAL_MS). */
  minIntervalMs?: number
}

export function useChart(el: Ref<HTMLElement | null>, option: () => WallChartOption, opts: UseChartOptions = {}) {
  const canvasScale = inject(CANVAS_SCALE, null)
  let chart: ECharts | null = null
  let observer: ResizeObserver | null = null
  let currentRatio = 0
  let updatedAt: number | null = null
  /** This chart's place in the shared update queue (the instance changes when re-created). */
  const slot = {}

  const pixelRatio = () => Math.max(1, (window.devicePixelRatio || 1) * (canvasScale?.value ?? 1))

  function create() {
    if (!el.value) return
    chart?.dispose()
    currentRatio = pixelRatio()
    chart = init(el.value, null, { renderer: 'canvas', devicePixelRatio: currentRatio })
    // After drawing, zrender keeps an animation frame loop going for 10 frames with nothing to
    // draw (its default), for every update of every chart: most of the wall's frames in a storm.
    // Adding an animation wakes the loop again (zrender Element.addAnimator), so 1 is enough.
    chart.getZr().setSleepAfterStill(1)
    chart.setOption(option(), { notMerge: true })
    updatedAt = null
  }

  // Applied in the queue's task, not lazily: a lazy update runs in the next animation frame, where
  // the other charts' updates of the same refresh would land too.
  function apply() {
    if (!chart) return
    const now = Date.now()
    chart.setOption(optionForUpdate(option(), animatesUpdate(updatedAt, now)), { notMerge: false, lazyUpdate: false })
    updatedAt = now
  }
  const update = throttle(() => chartUpdates.request(slot, apply), opts.minIntervalMs ?? CHART_UPDATE_INTERVAL_MS)
  const resize = throttle(() => chart?.resize(), 100)

  onMounted(() => {
    create()
    if (el.value && typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => resize())
      observer.observe(el.value)
    }
  })

  watch(option, () => update())

  // A different canvas scale (window resized, moved to a 4K display) needs a new backing store.
  watch(
    () => pixelRatio(),
    (ratio) => {
      if (chart && Math.abs(ratio - currentRatio) > 0.05) create()
    },
  )

  onBeforeUnmount(() => {
    update.cancel()
    chartUpdates.cancel(slot)
    resize.cancel()
    observer?.disconnect()
    observer = null
    chart?.dispose()
    chart = null
  })
}
