import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'renderer/src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests each start their own Mosquitto and engine; two cores → few forks.
    pool: 'forks',
    globalSetup: ['tests/global-setup.ts'],
    maxWorkers: 2,
  },
})
