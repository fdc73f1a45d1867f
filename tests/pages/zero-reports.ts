/** The daily zero-report board (`#/zero-reports`): every township's state for a day. */
import type { Locator } from '@playwright/test'
import { AppPage } from './app'

export class ZeroReportsPage extends AppPage {
  async open(engineUrl: string, token: string): Promise<void> {
    await this.openAt(engineUrl, token, '#/zero-reports')
  }

  get townships(): Locator {
    return this.page.getByTestId('zero-township')
  }

  township(code: string): Locator {
    return this.page.locator(`[data-testid="zero-township"][data-code="${code}"]`)
  }

  get counts(): Locator {
    return this.page.getByTestId('zero-counts')
  }

  get deadline(): Locator {
    return this.page.getByTestId('zero-deadline')
  }

  /** Type a day into the date picker and confirm it. */
  async chooseDate(date: string): Promise<void> {
    // Element Plus puts the picker's data-testid on its <input> or on a wrapper.
    const input = this.page.locator('input[data-testid="zero-date"], [data-testid="zero-date"] input').first()
    await input.fill(date)
    await input.press('Enter')
  }

  get previousDay(): Locator {
    return this.page.getByTestId('zero-prev-day')
  }
}
