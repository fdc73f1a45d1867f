import { describe, expect, it } from 'vitest'
import { bridgeArguments, parseBridgeArguments, type ZhongshuBridge } from './bridge'

const bridge: ZhongshuBridge = { engineUrl: 'http://127.0.0.1:7345', token: 'a-b_c', windowRole: 'wall' }

describe('bridge arguments', () => {
  it('round-trips through a renderer command line', () => {
    const argv = ['/opt/zhongshu/zhongshu', '--type=renderer', ...bridgeArguments(bridge), '--enable-sandbox']
    expect(parseBridgeArguments(argv)).toEqual(bridge)
  })

  it('rejects a missing part, an unknown role or a non-loopback engine', () => {
    expect(parseBridgeArguments(bridgeArguments(bridge).slice(1))).toBeNull()
    expect(parseBridgeArguments(bridgeArguments({ ...bridge, windowRole: 'admin' as 'wall' }))).toBeNull()
    expect(parseBridgeArguments(bridgeArguments({ ...bridge, engineUrl: 'http://evil.example:80' }))).toBeNull()
  })
})
