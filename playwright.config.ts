import { defineConfig, devices } from '@playwright/test'

/**
 * End-to-end tests: the real engine host (`node out/main/host.js`, built first) against a real
 * Mosquitto, driven through Debian's Chromium. Playwright's own browser download
 * (`npx playwright install`) is never used: it is unreachable where this project is built.
 * Each spec file gets its own broker, engine and data dir (tests/e2e/fixtures.ts).
 */
const isCI = !!process.env.CI

export default defineConfig({
  testDir: 'tests/e2e',
  // ZS_PW_OUTPUT_DIR: a separate directory for a run beside another (Playwright empties its own).
  outputDir: process.env.ZS_PW_OUTPUT_DIR ?? 'test-results/playwright',
  // Two cores: one browser and one engine at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: isCI ? 1 : 0,
  forbidOnly: isCI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1920, height: 1080 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1920, height: 1080 },
        deviceScaleFactor: 1,
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
})
