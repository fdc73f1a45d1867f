/** The administrator's quarantine page (`#/quarantine`): messages that were not accepted, with why. */
import type { Locator } from '@playwright/test'
import { AppPage } from './app'
import { WorkstationPage } from './workstation'

export class QuarantinePage extends AppPage {
  async open(engineUrl: string, token: string): Promise<void> {
    await this.openAt(engineUrl, token, '#/quarantine')
  }

  get rows(): Locator {
    return this.page.getByTestId('quarantine-row')
  }

  /** The row whose text (topic, reason, raw bytes) contains `text`. */
  rowContaining(text: string | RegExp): Locator {
    return this.rows.filter({ hasText: text })
  }

  reasonOf(row: Locator): Locator {
    return row.getByTestId('quarantine-reason')
  }

  /** Back to the workstation in the same page (the app keeps its token). */
  async openWorkstationView(): Promise<WorkstationPage> {
    await this.goToRoute('#/')
    return new WorkstationPage(this.page)
  }
}
