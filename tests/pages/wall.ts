/** The big-screen wall page (`#/wall`, designed for 1920×1080): KPI cards, charts, ticker. */
import { expect, type Locator } from '@playwright/test'
import { AppPage } from './app'

export type KpiName = 'today' | 'pending' | 'in-progress' | 'overdue' | 'total'

export class WallPage extends AppPage {
  async open(engineUrl: string, token: string): Promise<void> {
    await this.openAt(engineUrl, token, '#/wall')
  }

  kpi(name: KpiName): Locator {
    return this.page.getByTestId(`kpi-${name}`)
  }

  kpiValue(name: KpiName): Promise<number> {
    return AppPage.numberIn(this.kpi(name))
  }

  async expectKpi(name: KpiName, value: number): Promise<void> {
    await expect.poll(() => this.kpiValue(name).catch(() => NaN), { message: `kpi-${name}` }).toBe(value)
  }

  get chartBySource(): Locator {
    return this.page.getByTestId('chart-by-source')
  }

  get chartPerHour(): Locator {
    return this.page.getByTestId('chart-per-hour')
  }

  /** ECharts renders into a <canvas> inside the chart's container. */
  canvasOf(chart: Locator): Locator {
    return chart.locator('canvas').first()
  }

  get ticker(): Locator {
    return this.page.getByTestId('wall-ticker')
  }
}
