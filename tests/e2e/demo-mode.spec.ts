/** Without a broker the host runs its embedded broker and the demo county simulator: the screen says 演示模式. */
import { test as base, expect } from '@playwright/test'
import { startEngineProcess, type EngineProcess } from '../helpers/engine'
import { WorkstationPage } from '../pages/workstation'

const test = base.extend<{ demoEngine: EngineProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  demoEngine: async ({}, use) => {
    const engine = await startEngineProcess({ extraArgs: ['--sim-seed', '7'] })
    await use(engine)
    await engine.stop()
  },
})

test('demo mode: the simulator feeds the workstation and the demo badge is shown', async ({ page, demoEngine }) => {
  expect(demoEngine.demoMode).toBe(true)
  const workstation = new WorkstationPage(page)
  workstation.operator = demoEngine.admin
  await workstation.open(demoEngine.url, demoEngine.token)

  await expect(workstation.demoBadge).toBeVisible()
  await workstation.expectBrokerConnected()
  await expect(workstation.rows.first()).toBeVisible()
})
