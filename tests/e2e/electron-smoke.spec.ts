/**
 * The desktop shell end to end: Electron starts the engine as a utility process, opens the
 * hardened workstation window on the engine-served renderer, and the page connects. Everything
 * else is tested in a browser against the same engine; this only covers what Electron adds.
 * Skipped (with the reason) where the Electron runtime is not installed or there is no display.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import type { ZhongshuBridge } from '../../electron/preload/bridge'
import { ensureBuild } from '../../scripts/lib/ensure-build.mjs'

/** The page's globals, typed here because this project's Node tsconfig has no DOM library. */
interface PageGlobals {
  document: { documentElement: { dataset: Record<string, string | undefined> } }
  location: { href: string }
  zhongshu?: ZhongshuBridge
  require?: unknown
  process?: unknown
  open(url: string): unknown
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function electronBinary(): string | null {
  try {
    const dir = join(ROOT, 'node_modules', 'electron')
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim()
    const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), relative)
    return relative && existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY

test.skip(
  binary === null,
  'Electron runtime not installed: node_modules/electron has no binary (package.json allowScripts keeps npm from ' +
    'downloading it; run "node node_modules/electron/install.js", with ELECTRON_MIRROR where needed)',
)
test.skip(noDisplay, 'No display for Electron: run under xvfb-run or a desktop session')

test.describe('Electron shell', () => {
  let app: ElectronApplication
  let profile: string

  test.beforeAll(async () => {
    test.setTimeout(240_000)
    await ensureBuild()
    profile = mkdtempSync(join(tmpdir(), 'zhongshu-electron-'))
    app = await electron.launch({
      executablePath: binary!,
      args: [ROOT, '--data-dir', join(profile, 'data'), ...(process.platform === 'linux' ? ['--disable-gpu'] : [])],
      cwd: ROOT,
      env: { ...process.env, ZS_USER_DATA_DIR: join(profile, 'user-data') } as Record<string, string>,
      timeout: 60_000,
    })
  })

  test.afterAll(async () => {
    await app?.close()
    if (profile) rmSync(profile, { recursive: true, force: true })
  })

  test('opens the workstation on the engine, connected, through the preload bridge', async () => {
    const page = await app.firstWindow()
    await expect(page.locator('html')).toHaveAttribute('data-app-state', 'ready', { timeout: 60_000 })
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.dataset.appState),
    ).toBe('ready')

    const bridge = await page.evaluate(() => (globalThis as unknown as PageGlobals).zhongshu)
    expect(bridge?.engineUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(bridge?.token.length).toBeGreaterThanOrEqual(32)
    expect(bridge?.windowRole).toBe('workstation')
    expect(page.url().startsWith(`${bridge!.engineUrl}/`)).toBe(true)
  })

  test('keeps the page away from Node, new windows and other origins', async () => {
    const page = await app.firstWindow()
    const probe = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals
      return { require: typeof w.require, process: typeof w.process, opened: w.open('https://example.com/') === null }
    })
    expect(probe).toEqual({ require: 'undefined', process: 'undefined', opened: true })
    const csp = await page.evaluate(async () => {
      const response = await fetch((globalThis as unknown as PageGlobals).location.href)
      return response.headers.get('content-security-policy')
    })
    expect(csp).toContain("script-src 'self'")
    expect(app.windows()).toHaveLength(1)
  })

  test('runs the engine as a utility process, not in the main process', async () => {
    const engines = await app.evaluate(({ app: electronApp }) =>
      electronApp.getAppMetrics().filter((metric) => metric.serviceName === 'zhongshu-engine'),
    )
    expect(engines).toHaveLength(1)
    expect(engines[0].type).toBe('Utility')
  })
})
