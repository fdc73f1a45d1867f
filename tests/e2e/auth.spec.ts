/**
 * Operators in the browser: the first run creates the administrator, sign-in explains wrong
 * input in Chinese, the screen locks and unlocks, the administrator creates accounts, and a duty
 * officer does not see what their role may not use.
 */
import { test as base } from '@playwright/test'
import { startEngineProcess, type EngineProcess } from '../helpers/engine'
import { expect, test } from './fixtures'
import { WorkstationPage } from '../pages/workstation'

const firstRun = base.extend<{ freshEngine: EngineProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  freshEngine: async ({}, use) => {
    // No --broker: the embedded broker and the simulator; no administrator yet.
    const engine = await startEngineProcess({ admin: null, extraArgs: ['--sim-rate', '0'] })
    await use(engine)
    await engine.stop()
  },
})

firstRun('the first run creates the administrator with the password the person sets', async ({ page, freshEngine }) => {
  await page.goto(`${freshEngine.url}/?token=${freshEngine.token}`)
  await expect(page.getByTestId('signin-page')).toHaveAttribute('data-mode', 'setup')
  await page.getByTestId('signin-username').fill('zhang.chief')
  await page.getByTestId('signin-display-name').fill('张主任')
  await page.getByTestId('signin-password').fill('short')
  await page.getByTestId('signin-confirm').fill('different')
  await page.getByTestId('signin-submit').click()
  await expect(page.getByText('密码至少 8 位')).toBeVisible()
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible()
  await page.getByTestId('signin-password').fill('long-enough-1')
  await page.getByTestId('signin-confirm').fill('long-enough-1')
  await page.getByTestId('signin-submit').click()
  await expect(page.locator('html[data-app-state="ready"]')).toBeAttached()
  await expect(page.getByTestId('operator-name')).toHaveText('张主任')
  await expect(page.getByTestId('operator-role')).toHaveText('管理员')
  // It is stored: a second engine on the same data asks for a sign-in, not a setup.
  const status = await freshEngine.rpc<{ setupNeeded: boolean }>('auth.status', {})
  expect(status.ok && status.value.setupNeeded).toBe(false)
})

test('sign-in explains a wrong password; lock, unlock and sign-out', async ({ page, engine, operatorFor }) => {
  const officer = await operatorFor('officer')
  await page.goto(`${engine.url}/?token=${engine.token}`)
  await expect(page.locator('html[data-app-state="signin"]')).toBeAttached()
  await page.getByTestId('signin-submit').click()
  await expect(page.getByText('请填写用户名')).toBeVisible()
  await page.getByTestId('signin-username').fill(officer.username)
  await page.getByTestId('signin-password').fill('not-the-password')
  await page.getByTestId('signin-submit').click()
  await expect(page.getByText('用户名或密码错误')).toBeVisible()

  await page.getByTestId('signin-password').fill(officer.password)
  await page.getByTestId('signin-submit').click()
  await expect(page.locator('html[data-app-state="ready"]')).toBeAttached()
  await expect(page.getByTestId('operator-role')).toHaveText('值班员')
  // A duty officer sees no administrator pages.
  await expect(page.getByTestId('nav-operators')).toHaveCount(0)
  await expect(page.getByTestId('nav-quarantine')).toHaveCount(0)

  // A reload keeps the session.
  await page.reload()
  await expect(page.locator('html[data-app-state="ready"]')).toBeAttached()

  await page.getByTestId('operator-menu').click()
  await page.getByTestId('menu-lock').click()
  await expect(page.getByTestId('lock-overlay')).toBeVisible()
  await expect(page.locator('html[data-app-state="locked"]')).toBeAttached()
  // The engine enforces it too: the officer's actions are refused while locked.
  await page.getByTestId('unlock-password').fill('wrong-password')
  await page.getByTestId('unlock-submit').click()
  await expect(page.getByText('密码错误')).toBeVisible()
  await page.getByTestId('unlock-password').fill(officer.password)
  await page.getByTestId('unlock-submit').click()
  await expect(page.getByTestId('lock-overlay')).toHaveCount(0)
  await expect(page.locator('html[data-app-state="ready"]')).toBeAttached()

  await page.getByTestId('operator-menu').click()
  await page.getByTestId('menu-logout').click()
  await expect(page.locator('html[data-app-state="signin"]')).toBeAttached()
})

test('the administrator creates an operator; wrong fields are explained next to them', async ({
  page,
  engine,
  operatorFor,
}) => {
  const workstation = new WorkstationPage(page)
  workstation.operator = await operatorFor('admin')
  await workstation.open(engine.url, engine.token)
  await workstation.goToRoute('#/operators')
  await page.getByTestId('operator-add').click()
  await page.getByTestId('operator-save').click()
  await expect(page.getByTestId('operator-form').getByText('请填写用户名')).toBeVisible()
  await expect(page.getByTestId('operator-form').getByText('请填写姓名')).toBeVisible()
  await page.getByTestId('operator-username').fill('-bad name')
  await page.getByTestId('operator-display-name').fill('王五')
  await page.getByTestId('operator-password').fill('password-5')
  await page.getByTestId('operator-save').click()
  await expect(page.getByTestId('operator-form').getByText(/用户名为 2–32 位/)).toBeVisible()
  await page.getByTestId('operator-username').fill('wang5')
  await page.getByTestId('operator-save').click()
  await expect(page.getByTestId('operators-table').getByText('wang5')).toBeVisible()
  const login = await engine.rpc('auth.login', { username: 'wang5', password: 'password-5' })
  expect(login.ok).toBe(true)
})
