/**
 * What every page of the app shares: opening it with the token once (as a browser user does,
 * `/?token=…`, optionally straight at a hash route) and waiting for the app's ready marker.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export interface OperatorCredentials {
  username: string
  password: string
}

export abstract class AppPage {
  /** Who signs in when the app asks (workstation pages); the wall never asks. */
  operator: OperatorCredentials | null = null

  constructor(readonly page: Page) {}

  /** `html[data-app-state="ready"]`: the renderer is connected to the engine and has its first data. */
  get readyMarker(): Locator {
    return this.page.locator('html[data-app-state="ready"]')
  }

  /**
   * Open `{engineUrl}/?token=…#{route}`, sign in as `operator` when the sign-in page appears, and
   * wait for the ready marker.
   */
  protected async openAt(engineUrl: string, token: string, route: string): Promise<void> {
    const url = new URL(engineUrl)
    url.pathname = '/'
    url.search = `?token=${encodeURIComponent(token)}`
    url.hash = route
    await this.page.goto(url.toString())
    await expect(this.page.locator('html[data-app-state="ready"], html[data-app-state="signin"]')).toBeAttached()
    if ((await this.page.locator('html').getAttribute('data-app-state')) === 'signin') {
      if (!this.operator) throw new Error('the app asks for a sign-in but the page object has no operator')
      await this.signIn(this.operator)
    }
    await expect(this.readyMarker).toBeAttached()
  }

  /** Fill the sign-in page and submit. */
  async signIn(op: OperatorCredentials): Promise<void> {
    // Element Plus puts a component's data-testid on the <input> itself (el-input) or on a wrapper.
    const field = (id: string) => this.page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()
    await field('signin-username').fill(op.username)
    await field('signin-password').fill(op.password)
    await this.page.getByTestId('signin-submit').click()
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
