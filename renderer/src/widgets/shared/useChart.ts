/**
 * Mounts one ECharts instance on an element. The instance stays out of Vue reactivity (a plain
 * variable), follows the element's size (ResizeObserver), gets new options at most ~4 times a
 * second, renders sharp on a scaled wall canvas (pixel ratio × canvas scale) and is disposed on
 * unmount.
 */
import { inject, onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { throttle } from '../../utils/throttle'
import { CANVAS_SCALE } from './canvasScale'
import { init, type ECharts, type WallChartOption } from './echarts'

export const CHART_UPDATE_INTERVAL_MS = 250

export function useChart(el: Ref<HTMLElement | null>, option: () => WallChartOption) {
  const canvasScale = inject(CANVAS_SCALE, null)
  let chart: ECharts | null = null
  let observer: ResizeObserver | null = null
  let currentRatio = 0

  const pixelRatio = () => Math.max(1, (window.devicePixelRatio || 1) * (canvasScale?.value ?? 1))

  function create() {
    if (!el.value) return
    chart?.dispose()
    currentRatio = pixelRatio()
    chart = init(el.value, null, { renderer: 'canvas', devicePixelRatio: currentRatio })
    chart.setOption(option(), { notMerge: true })
  }

  const update = throttle(
    () => chart?.setOption(option(), { notMerge: false, lazyUpdate: true }),
    CHART_UPDATE_INTERVAL_MS,
  )
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
    resize.cancel()
    observer?.disconnect()
    observer = null
    chart?.dispose()
    chart = null
  })
}
