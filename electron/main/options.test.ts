import { describe, expect, it } from 'vitest'
import { engineArguments, optionValue, parseEngineOptions } from './options'

const launch = { token: 'secret', port: 0, dataDir: '/data', rendererDir: '/app/out/renderer' }

describe('parseEngineOptions', () => {
  it('keeps the host flags in both spellings and drops Chromium and Playwright switches', () => {
    const options = parseEngineOptions([
      '--inspect=0',
      '--remote-debugging-port=0',
      '--broker',
      'mqtts://10.0.0.5:8883',
      '--topic-root=zs',
      '--no-sandbox',
      '--insecure-tls',
      '--hall-id',
      'xiyang',
      '--read-only-token=wall-1',
      '--read-only-token',
      'wall-2',
      '--ca=/etc/ca.pem',
    ])
    expect(options.forwarded).toEqual([
      ['broker', 'mqtts://10.0.0.5:8883'],
      ['topic-root', 'zs'],
      ['insecure-tls', null],
      ['hall-id', 'xiyang'],
      ['read-only-token', 'wall-1'],
      ['read-only-token', 'wall-2'],
      ['ca', '/etc/ca.pem'],
    ])
  })

  it('ignores a flag whose value is missing and reads the last value given', () => {
    const options = parseEngineOptions(['--broker', '--hall-id', 'a', '--hall-id=b'])
    expect(options.forwarded).toEqual([
      ['hall-id', 'a'],
      ['hall-id', 'b'],
    ])
    expect(optionValue(options, 'hall-id')).toBe('b')
    expect(optionValue(options, 'broker')).toBeUndefined()
  })
})

describe('engineArguments', () => {
  it('always binds loopback and lets the shell’s own token, port and directories win', () => {
    const options = parseEngineOptions([
      '--broker',
      'mqtt://b',
      '--insecure-tls',
      '--host',
      '0.0.0.0',
      '--port',
      '9999',
      '--token',
      'x',
      '--data-dir',
      '/x',
      '--renderer-dir=/r',
    ])
    expect(engineArguments(options, { ...launch, port: 7345 })).toEqual([
      '--broker',
      'mqtt://b',
      '--insecure-tls',
      '--host',
      '127.0.0.1',
      '--port',
      '7345',
      '--token',
      'secret',
      '--data-dir',
      '/data',
      '--renderer-dir',
      '/app/out/renderer',
    ])
  })
})
