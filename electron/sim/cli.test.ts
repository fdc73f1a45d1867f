import { describe, expect, it } from 'vitest'
import { parseCliArgs, UsageError } from './cli'

describe('simulate command line', () => {
  it('parses every option', () => {
    const cli = parseCliArgs([
      '--broker',
      'mqtt://127.0.0.1:18830',
      '--rate',
      '2.5',
      '--progress-rate',
      '6',
      '--backlog',
      '10',
      '--topic-root',
      'demo',
      '--seed',
      '42',
      '--username',
      'sim',
      '--password',
      'secret',
      '--mqtt-version',
      '5',
      '--duration',
      '30',
    ])
    expect(cli).toEqual({
      help: false,
      durationSeconds: 30,
      simulator: {
        brokerUrl: 'mqtt://127.0.0.1:18830',
        topicRoot: 'demo',
        rate: 2.5,
        progressRate: 6,
        initialBacklog: 10,
        seed: 42,
        username: 'sim',
        password: 'secret',
        protocolVersion: 5,
      },
    })
  })

  it('has defaults, and takes the broker and credentials from the environment', () => {
    const cli = parseCliArgs([], { ZS_BROKER_URL: 'mqtt://broker:1883', ZS_MQTT_USERNAME: 'u', ZS_MQTT_PASSWORD: 'p' })
    expect(cli.durationSeconds).toBeUndefined()
    expect(cli.simulator).toMatchObject({
      brokerUrl: 'mqtt://broker:1883',
      topicRoot: 'zs',
      rate: 0.5,
      protocolVersion: 4,
      username: 'u',
      password: 'p',
    })
    expect(cli.simulator.seed).toBeUndefined()
    // The command line wins over the environment.
    expect(parseCliArgs(['--broker', 'mqtt://a'], { ZS_BROKER_URL: 'mqtt://b' }).simulator.brokerUrl).toBe('mqtt://a')
  })

  it('rejects a missing broker and bad values with a usage error', () => {
    expect(() => parseCliArgs([])).toThrow(UsageError)
    expect(() => parseCliArgs(['--broker', 'mqtt://a', '--rate', '-1'])).toThrow(/--rate/)
    expect(() => parseCliArgs(['--broker', 'mqtt://a', '--rate', 'fast'])).toThrow(/--rate/)
    expect(() => parseCliArgs(['--broker', 'mqtt://a', '--mqtt-version', '3'])).toThrow(/--mqtt-version/)
    expect(() => parseCliArgs(['--broker', 'mqtt://a', '--duration', '0'])).toThrow(/--duration/)
    expect(() => parseCliArgs(['--broker', 'mqtt://a', '--seed', '1.5'])).toThrow(/--seed/)
    expect(() => parseCliArgs(['--broker', 'mqtt://a', '--bogus'])).toThrow(UsageError)
    expect(() => parseCliArgs(['stray'])).toThrow(UsageError)
  })

  it('allows --help without a broker', () => {
    expect(parseCliArgs(['--help']).help).toBe(true)
  })
})

describe('the platform’s clocks on the command line', () => {
  it('takes the hall grace in seconds and the units’ time scale', () => {
    const o = parseCliArgs(['--broker', 'mqtt://x', '--hall-grace', '0', '--time-scale', '600'])
    expect(o.simulator.hallGraceMs).toBe(0)
    expect(o.simulator.unitSteps).toEqual({ timeScale: 600 })
    expect(parseCliArgs(['--broker', 'mqtt://x']).simulator.hallGraceMs).toBeUndefined()
    expect(() => parseCliArgs(['--broker', 'mqtt://x', '--time-scale', '0'])).toThrow(
      /--time-scale must be a number ≥ 1/,
    )
  })
})
