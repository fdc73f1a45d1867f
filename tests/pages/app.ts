/**
 * What every page of the app shares: opening it with the token once (as a browser user does,
 * `/?token=…`, optionally straight at a hash route) and waiting for the app's ready marker.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export abstract class AppPage {
  constructor(readonly page: Page) {}

  /** `html[data-app-state="ready"]`: the renderer is connected to the engine and has its first data. */
  get readyMarker(): Locator {
    return this.page.locator('html[data-app-state="ready"]')
  }

  /** Open `{engineUrl}/?token=…#{route}` and wait for the ready marker. */
  protected async openAt(engineUrl: string, token: string, route: string): Promise<void> {
    const url = new URL(engineUrl)
    url.pathname = '/'
    url.search = `?token=${encodeURIComponent(token)}`
    url.hash = route
    await this.page.goto(url.toString())
    await expect(this.readyMarker).toBeAttached()
  }

  /** Switch to another hash route of the already opened app. */
  async goToRoute(route: string): Promise<void> {
    await this.page.evaluate((hash) => {
      // Runs in the page; the tests' tsconfig has no DOM lib, hence the cast.
      ;(globalThis as unknown as { location: { hash: string } }).location.hash = hash
    }, route)
    await expect(this.readyMarker).toBeAttached()
  }

  /** `[data-testid="demo-badge"]` (演示模式), shown whenever the simulator feeds the engine. */
  get demoBadge(): Locator {
    return this.page.getByTestId('demo-badge')
  }

  /** Numeric text of a locator (counters, KPIs), e.g. "1,234" → 1234. */
  static async numberIn(locator: Locator): Promise<number> {
    const text = (await locator.textContent()) ?? ''
    const match = /-?\d[\d,]*/.exec(text)
    if (!match) throw new Error(`no number in ${JSON.stringify(text)}`)
    return Number(match[0].replace(/,/g, ''))
  }
}
