import { describe, expect, it } from 'vitest'
import { parseHostOptions } from './options'

describe('parseHostOptions', () => {
  it('defaults to loopback, port 7345, the zs root, a generated token and demo mode (no broker)', () => {
    const o = parseHostOptions([], {})
    expect(o).toMatchObject({ host: '127.0.0.1', port: 7345, topicRoot: 'zs', mqttVersion: 5, brokerUrl: undefined })
    expect(o.tokenGenerated).toBe(true)
    expect(o.token.length).toBeGreaterThanOrEqual(20)
  })

  it('takes flags before environment variables', () => {
    const o = parseHostOptions(['--broker', 'mqtt://a:1883', '--port', '0', '--read-only-token', 'w1'], {
      ZS_BROKER_URL: 'mqtt://b:1883',
      ZS_TOPIC_ROOT: 'county',
      ZS_TOKEN: 'secret',
      ZS_READ_ONLY_TOKEN: 'w2',
    })
    expect(o).toMatchObject({ brokerUrl: 'mqtt://a:1883', port: 0, topicRoot: 'county', token: 'secret' })
    expect(o.tokenGenerated).toBe(false)
    expect(o.readOnlyTokens).toEqual(['w1', 'w2'])
  })

  it('explains bad values', () => {
    expect(() => parseHostOptions(['--port', '70000'], {})).toThrow(/--port must be an integer/)
    expect(() => parseHostOptions(['--mqtt-version', '3'], {})).toThrow(/4 or 5/)
    expect(() => parseHostOptions(['--nope'], {})).toThrow()
  })

  it('takes the zero-report deadline as HH:MM (default 10:00)', () => {
    expect(parseHostOptions([], {}).zeroReportDeadline).toBe('10:00')
    expect(parseHostOptions([], { ZS_ZERO_REPORT_DEADLINE: '09:30' }).zeroReportDeadline).toBe('09:30')
    expect(parseHostOptions(['--zero-report-deadline', '11:05'], {}).zeroReportDeadline).toBe('11:05')
    expect(() => parseHostOptions(['--zero-report-deadline', '24:00'], {})).toThrow(/HH:MM/)
    expect(() => parseHostOptions(['--zero-report-deadline', '9:30'], {})).toThrow(/HH:MM/)
  })

  it('takes the Frigate config path (off when absent)', () => {
    expect(parseHostOptions([], {}).frigateConfigPath).toBeUndefined()
    expect(parseHostOptions([], { ZS_FRIGATE_CONFIG: '/etc/zs/frigate.json' }).frigateConfigPath).toBe(
      '/etc/zs/frigate.json',
    )
    expect(parseHostOptions(['--frigate-config', 'f.json'], {}).frigateConfigPath).toBe('f.json')
  })

  it('takes the backup schedule and handover publishing (on by default)', () => {
    expect(parseHostOptions([], {})).toMatchObject({
      backup: { intervalMinutes: 360, keep: 8, dir: undefined },
      publishHandovers: true,
    })
    expect(
      parseHostOptions(['--backup-interval-minutes', '0', '--backup-dir', '/srv/bk'], {
        ZS_BACKUP_KEEP: '3',
        ZS_PUBLISH_HANDOVERS: 'off',
      }),
    ).toMatchObject({ backup: { intervalMinutes: 0, keep: 3, dir: '/srv/bk' }, publishHandovers: false })
    expect(() => parseHostOptions(['--publish-handovers', 'yes'], {})).toThrow(/on or off/)
    expect(() => parseHostOptions(['--backup-keep', '0'], {})).toThrow(/backup-keep/)
  })
})
