/**
 * The county platform played by the simulator for one test, on a topic root of its own (the
 * simulator's retained registry must not reach other specs' engines): the real engine host, a
 * watcher collecting every zs.command/1 the hall publishes, and the simulator answering them.
 * Specs add what they need on top (tests/e2e/workbench.spec.ts, video-triage.spec.ts).
 */
import { randomBytes } from 'node:crypto'
import mqtt from 'mqtt'
import type { ZsCommand } from '../../electron/contract'
import { createSimulator, type Simulator, type SimulatorOptions } from '../../electron/sim/simulator'
import { startEngineProcess, type EngineProcess } from '../helpers/engine'
import { expect } from './fixtures'

export interface SimulatedPlatform {
  engine: EngineProcess
  sim: Simulator
  root: string
  /** zs.command/1 messages seen on the broker. */
  commands: ZsCommand[]
  /** Publishes on the broker as the platform would (QoS 1). */
  publish(topic: string, payload: string): Promise<void>
}

/**
 * Starts engine, watcher and simulator; `ready` waits for what the spec needs before it runs
 * (e.g. the registry stored); everything is stopped and the retained registry cleared afterwards.
 */
export async function withSimulatedPlatform(
  brokerUrl: string,
  prefix: string,
  simOptions: Omit<SimulatorOptions, 'brokerUrl' | 'topicRoot'>,
  ready: (p: SimulatedPlatform) => Promise<void>,
  use: (p: SimulatedPlatform) => Promise<void>,
): Promise<void> {
  const root = `${prefix}${randomBytes(3).toString('hex')}`
  const engine = await startEngineProcess({ brokerUrl, topicRoot: root })
  const watcher = await mqtt.connectAsync(brokerUrl, { clientId: `${root}-watcher`, clean: true })
  const commands: ZsCommand[] = []
  watcher.on('message', (_t, payload) => commands.push(JSON.parse(payload.toString('utf8')) as ZsCommand))
  await watcher.subscribeAsync(`${root}/commands/+`, { qos: 1 })
  const sim = createSimulator({ brokerUrl, topicRoot: root, ...simOptions })
  const platform: SimulatedPlatform = {
    engine,
    sim,
    root,
    commands,
    publish: async (topic, payload) => {
      await watcher.publishAsync(topic, payload, { qos: 1 })
    },
  }
  try {
    await expect
      .poll(async () => (await engine.get<{ broker: { state: string } }>('/api/health')).broker.state)
      .toBe('connected')
    await sim.start()
    await ready(platform)
    await use(platform)
  } finally {
    await sim.stop()
    // Clear the retained registry the simulator left on this root.
    await watcher.publishAsync(`${root}/registry`, '', { qos: 1, retain: true })
    await watcher.endAsync()
    await engine.stop()
  }
}
