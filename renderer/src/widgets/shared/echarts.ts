/**
 * ECharts, imported per chart type (keeps the bundle small). Every wall widget goes through this
 * module, so registering a new chart type happens once, here.
 */
import { BarChart, EffectScatterChart, LineChart, PieChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, registerMap, use, type ComposeOption, type ECharts } from 'echarts/core'
import { LabelLayout } from 'echarts/features'
import { CanvasRenderer } from 'echarts/renderers'
import type {
  BarSeriesOption,
  EffectScatterSeriesOption,
  LineSeriesOption,
  PieSeriesOption,
  ScatterSeriesOption,
} from 'echarts/charts'
import type {
  GeoComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components'

use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  EffectScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  GeoComponent,
  // labelLayout (the map's township labels move apart instead of overlapping)
  LabelLayout,
  CanvasRenderer,
])

export type WallChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | EffectScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | GeoComponentOption
>

export { init, registerMap }
export type { ECharts }
