/** The supervision reports page (`#/reports`): monthly report per unit, weekly supervision list, export. */
import type { Locator } from '@playwright/test'
import { AppPage } from './app'

export class ReportsPage extends AppPage {
  async open(engineUrl: string, token: string): Promise<void> {
    await this.openAt(engineUrl, token, '#/reports')
  }

  get monthlyRows(): Locator {
    return this.page.getByTestId('monthly-row')
  }

  get weeklyRows(): Locator {
    return this.page.getByTestId('weekly-row')
  }

  exportButton(kind: 'weekly' | 'monthly', format: 'xlsx' | 'pdf'): Locator {
    return this.page.getByTestId(`export-${kind}-${format}`)
  }
}
