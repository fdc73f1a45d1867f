/**
 * The simulator's video alerts and zero reports on a real MQTT broker (aedes, in-process): what a
 * hall subscribing to the contract's topics receives.
 */
import { createServer, type AddressInfo, type Server } from 'node:net'
import { Aedes } from 'aedes'
import mqtt from 'mqtt'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { zsVideoAlertSchema, zsZeroReportSchema, type ZsVideoAlert, type ZsZeroReport } from '../contract'
import { createSimulator } from './simulator'

let broker: Aedes
let server: Server
let url: string

beforeAll(async () => {
  broker = await Aedes.createBroker()
  server = createServer(broker.handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => broker.close(() => resolve()))
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

it('publishes yesterday’s and today’s due zero reports and a stream of video alerts with PNG snapshots', async () => {
  const client = await mqtt.connectAsync(url, { clientId: `test-alerts-${process.pid}`, reconnectPeriod: 0 })
  const messages: { topic: string; payload: unknown }[] = []
  client.on('message', (topic, payload) => messages.push({ topic, payload: JSON.parse(payload.toString('utf8')) }))
  await client.subscribeAsync('sa/#', { qos: 1 })

  // Noon in Shanghai: every report planned for today is due (the late one comes by 11:30).
  const base = Date.parse('2026-11-27T12:00:00+08:00')
  const started = Date.now()
  const sim = createSimulator({
    brokerUrl: url,
    topicRoot: 'sa',
    rate: 0,
    videoAlertRate: 40,
    initialVideoAlerts: 3,
    initialBacklog: 0,
    seed: 11,
    tickMs: 20,
    now: () => base + (Date.now() - started),
  })
  await sim.start()
  await until(() => sim.stats().videoAlerts >= 10)
  await sim.stop()
  const stats = sim.stats()
  await until(() => messages.filter((m) => m.topic.startsWith('sa/video/')).length >= stats.videoAlerts)
  await client.endAsync()

  const townships = sim.registry.townships.length
  const reports = messages.filter((m) => m.topic.startsWith('sa/zero-reports/'))
  expect(reports).toHaveLength(stats.zeroReports)
  expect(stats.zeroReports).toBe(2 * (townships - 2))
  for (const m of reports) {
    const r = zsZeroReportSchema.parse(m.payload) as ZsZeroReport
    expect(m.topic).toBe(`sa/zero-reports/${r.unitCode}`)
  }
  const dates = reports.map((m) => (m.payload as ZsZeroReport).date)
  expect(dates.filter((d) => d === '2026-11-26')).toHaveLength(townships - 2)
  expect(dates.filter((d) => d === '2026-11-27')).toHaveLength(townships - 2)

  const alerts = messages.filter((m) => m.topic.startsWith('sa/video/alerts/'))
  expect(alerts).toHaveLength(stats.videoAlerts)
  const communities = new Set(sim.registry.communities.map((c) => c.id))
  for (const m of alerts) {
    const a = zsVideoAlertSchema.parse(m.payload) as ZsVideoAlert
    expect(m.topic).toBe(`sa/video/alerts/${a.communityId}`)
    expect(communities.has(a.communityId)).toBe(true)
    expect(a.status).toBe('new')
  }
  // The backlog's alerts lie in the last 12 hours, oldest first.
  const first = alerts.slice(0, 3).map((m) => Date.parse((m.payload as ZsVideoAlert).detectedAt))
  expect([...first].sort((a, b) => a - b)).toEqual(first)
  expect(first[0]).toBeGreaterThan(base - 12 * 3600_000 - 1000)
})
