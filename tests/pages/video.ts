/** The video triage page (`#/video`): grouped alerts, the selected alert with its actions, statistics. */
import { expect, type Locator } from '@playwright/test'
import { AppPage } from './app'

/** Element Plus puts a component's data-testid on the <input> itself (el-input) or on a wrapper. */
function field(scope: Locator, testId: string, tag: 'input' | 'textarea'): Locator {
  return scope.locator(`${tag}[data-testid="${testId}"], [data-testid="${testId}"] ${tag}`).first()
}

export type VideoAction = 'confirm' | 'dismiss' | 'forward_property' | 'verify'

export class VideoPage extends AppPage {
  async open(engineUrl: string, token: string): Promise<void> {
    await this.openAt(engineUrl, token, '#/video')
  }

  tab(view: 'pending' | 'confirmed' | 'forwarded' | 'rectified' | 'done' | 'all'): Locator {
    return this.page.getByTestId(`video-tab-${view}`)
  }

  get groups(): Locator {
    return this.page.getByTestId('video-group')
  }

  group(alertId: string): Locator {
    return this.page.locator(`[data-testid="video-group"][data-alert-id="${alertId}"]`)
  }

  get panel(): Locator {
    return this.page.getByTestId('video-alert-panel')
  }

  get status(): Locator {
    return this.panel.getByTestId('video-alert-status')
  }

  /** The main picture of the panel (or the "before" one). */
  get snapshot(): Locator {
    return this.panel.getByTestId('snapshot').first()
  }

  get beforeAfter(): Locator {
    return this.panel.getByTestId('before-after')
  }

  get pending(): Locator {
    return this.panel.getByTestId('video-pending')
  }

  get error(): Locator {
    return this.panel.getByTestId('video-error')
  }

  async select(alertId: string): Promise<void> {
    await this.group(alertId).click()
    await expect(this.panel).toHaveAttribute('data-alert-id', alertId)
  }

  /** Open an action's form, fill what is given, submit. */
  async act(action: VideoAction, fill: { note?: string; reasonText?: string } = {}): Promise<void> {
    await this.panel.getByTestId(`video-action-${action}`).click()
    const form = this.panel.getByTestId('video-action-form')
    await expect(form).toBeVisible()
    if (fill.reasonText !== undefined) await field(form, 'dismiss-reason-text', 'input').fill(fill.reasonText)
    if (fill.note !== undefined) await field(form, 'action-note', 'textarea').fill(fill.note)
    await form.getByTestId('video-action-submit').click()
  }

  /** Waits until the panel shows the alert in `status` (data attribute, not text). */
  async expectStatus(status: string, timeout = 15_000): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-status', status, { timeout })
  }

  get statsRows(): Locator {
    return this.page.getByTestId('company-stats-row')
  }
}
