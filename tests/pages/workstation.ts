/** The duty officer's workstation: live event list, filters, event detail, status bar. */
import { expect, type Locator } from '@playwright/test'
import { AppPage } from './app'

export type CounterName = 'received' | 'stored' | 'duplicates' | 'stale' | 'quarantined'
export type FilterName = 'source' | 'status' | 'township' | 'severity' | 'text'

export class WorkstationPage extends AppPage {
  async open(engineUrl: string, token: string): Promise<void> {
    await this.openAt(engineUrl, token, '#/')
  }

  /** All event rows currently rendered (the list is virtualised: only what is on screen). */
  get rows(): Locator {
    return this.page.getByTestId('event-row')
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="event-row"][data-event-id="${cssString(id)}"]`)
  }

  rowTitle(id: string): Locator {
    return this.row(id).getByTestId('event-title')
  }

  async expectRow(id: string): Promise<void> {
    await expect(this.row(id)).toHaveCount(1)
  }

  /** Click the row; its detail opens (drawer or `#/events/:id`). */
  async openDetail(id: string): Promise<Locator> {
    await this.row(id).click()
    await expect(this.detail).toBeVisible()
    return this.detail
  }

  get detail(): Locator {
    return this.page.getByTestId('event-detail')
  }

  get detailVersions(): Locator {
    return this.detail.getByTestId('event-version')
  }

  detailVersion(version: number): Locator {
    return this.detail.locator(`[data-testid="event-version"][data-version="${version}"]`)
  }

  filter(name: FilterName): Locator {
    return this.page.getByTestId(`filter-${name}`)
  }

  /** Type into the free-text filter (works whether the test id sits on the <input> or its wrapper). */
  async filterByText(text: string): Promise<void> {
    const field = this.filter('text')
    const input = field.locator('xpath=self::input | .//input').first()
    await input.fill(text)
  }

  get brokerState(): Locator {
    return this.page.getByTestId('broker-state')
  }

  async expectBrokerConnected(): Promise<void> {
    await expect(this.page.locator('[data-testid="broker-state"][data-state="connected"]')).toBeVisible()
  }

  counter(name: CounterName): Locator {
    return this.page.getByTestId(`counter-${name}`)
  }

  counterValue(name: CounterName): Promise<number> {
    return AppPage.numberIn(this.counter(name))
  }

  /** Waits (auto-retrying) until the counter shows `value`. */
  async expectCounter(name: CounterName, value: number): Promise<void> {
    await expect.poll(() => this.counterValue(name).catch(() => NaN), { message: `counter-${name}` }).toBe(value)
  }
}

/** Escape a value for use inside a double-quoted CSS attribute selector. */
export function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&')
}
