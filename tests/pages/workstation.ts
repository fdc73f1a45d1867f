/** The duty officer's workstation: live event list, filters, event detail, status bar. */
import { expect, type Locator } from '@playwright/test'
import { AppPage } from './app'

export type CounterName = 'received' | 'stored' | 'duplicates' | 'stale' | 'quarantined'
export type FilterName = 'source' | 'status' | 'township' | 'severity' | 'text'

export class WorkstationPage extends AppPage {
  /** Opens the workstation on its 全部 tab: the live list of every event. */
  async open(engineUrl: string, token: string): Promise<void> {
    await this.openAt(engineUrl, token, '#/')
    const all = this.page.getByTestId('queue-tab-all')
    await all.click()
    await expect(all).toHaveAttribute('aria-selected', 'true')
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

export type QueueTabName = 'unaccepted' | 'due_soon' | 'overdue' | 'supervised' | 'all'
export type EventActionName =
  'accept' | 'reject' | 'dispatch' | 'supervise' | 'record_visit' | 'close' | 'reopen' | 'comment'

/** The workbench part of the workstation: queue tabs, the open event's actions and their forms. */
export class WorkbenchPage extends WorkstationPage {
  /** Opens the workstation as the officer finds it: on the queue's first tab, 待受理. */
  override async open(engineUrl: string, token: string): Promise<void> {
    await this.openAt(engineUrl, token, '#/')
  }

  queueTab(tab: QueueTabName): Locator {
    return this.page.getByTestId(`queue-tab-${tab}`)
  }

  /** The count a tab shows (auto-retrying until it is a number). */
  async queueCount(tab: QueueTabName): Promise<number> {
    return AppPage.numberIn(this.queueTab(tab).getByTestId('queue-tab-count'))
  }

  get actions(): Locator {
    return this.page.getByTestId('event-actions')
  }

  action(name: EventActionName): Locator {
    return this.actions.getByTestId(`action-${name}`)
  }

  get dialog(): Locator {
    return this.page.locator('[data-testid="action-dialog"]').filter({ visible: true })
  }

  get commandPhase(): Locator {
    return this.actions.getByTestId('command-phase')
  }

  get commandError(): Locator {
    return this.actions.getByTestId('command-error')
  }

  /** The open detail shows this version of the event. */
  async expectDetailVersion(version: number): Promise<void> {
    await expect(this.detail).toHaveAttribute('data-version', String(version))
  }

  /** Choose a unit in the dispatch form by (part of) its name. */
  async chooseUnit(name: string): Promise<void> {
    const select = this.dialog.getByTestId('field-unit')
    await select.click()
    await select.locator('input').fill(name)
    await this.page.getByRole('option', { name, exact: true }).click()
  }

  async chooseRadio(testId: string, label: string): Promise<void> {
    await this.dialog.getByTestId(testId).getByText(label, { exact: true }).click()
  }

  async fillNote(text: string): Promise<void> {
    // Element Plus puts an el-input's data-testid on the <textarea> itself.
    await this.dialog
      .locator('textarea[data-testid="field-note"], [data-testid="field-note"] textarea')
      .first()
      .fill(text)
  }

  async submit(): Promise<void> {
    await this.dialog.getByTestId('action-submit').click()
  }

  /** The error shown next to a form field (Element Plus puts it under the field's item). */
  fieldError(testId: string): Locator {
    return this.dialog
      .locator('.el-form-item')
      .filter({ has: this.page.getByTestId(testId) })
      .locator('.el-form-item__error')
  }

  /** Trace entries of commands the hall issued on the open event. */
  get traceCommands(): Locator {
    return this.detail.getByTestId('event-command')
  }
}

/** Escape a value for use inside a double-quoted CSS attribute selector. */
export function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&')
}
