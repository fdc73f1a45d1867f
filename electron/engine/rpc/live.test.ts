import { afterEach, describe, expect, it, vi } from 'vitest'
import { ROLE_SCOPES } from '../../contract'
import { createLiveHub, type LivePeer } from './live'

const peer = (names: string[]) => {
  const got: { name: string; data: unknown }[] = []
  const p: LivePeer = {
    scopes: ROLE_SCOPES.admin,
    subscriptions: new Set(names),
    send: (name, data) => got.push({ name, data }),
  }
  return { p, got }
}

describe('live hub', () => {
  afterEach(() => vi.useRealTimers())

  it('encodes a frame once for all the peers it goes to, and only if one takes it', () => {
    vi.useFakeTimers()
    const hub = createLiveHub(100)
    const frames: Buffer[] = []
    const taker = (): LivePeer => ({
      scopes: ROLE_SCOPES.admin,
      subscriptions: new Set(['events.onDidChange']),
      send: (_name, _data, frame) => frames.push(frame()),
    })
    hub.add(taker())
    hub.add(taker())
    hub.add({ ...taker(), subscriptions: new Set() })
    const stringify = vi.spyOn(JSON, 'stringify')
    hub.eventChanged({ key: 'EV-1', id: 'EV-1', title: '标题' } as never)
    vi.advanceTimersByTime(100)
    expect(stringify).toHaveBeenCalledTimes(1)
    expect(frames).toHaveLength(2)
    expect(frames[0]).toBe(frames[1])
    expect(JSON.parse(frames[0].toString('utf8'))).toEqual({
      t: 'event',
      name: 'events.onDidChange',
      data: { items: [{ key: 'EV-1', id: 'EV-1', title: '标题' }] },
    })
    stringify.mockRestore()
    hub.stop()
  })

  it('computes a health given as a function once per flush, with the latest state', () => {
    vi.useFakeTimers()
    const hub = createLiveHub(100)
    const { p, got } = peer(['health.onDidChange'])
    hub.add(p)
    let state = 0
    const compute = vi.fn(() => ({ n: ++state }) as never)
    for (let i = 0; i < 500; i++) hub.health(compute)
    expect(compute).not.toHaveBeenCalled()
    vi.advanceTimersByTime(100)
    expect(compute).toHaveBeenCalledTimes(1)
    expect(got).toEqual([{ name: 'health.onDidChange', data: { n: 1 } }])
    hub.stop()
  })

  it('a health value given later replaces a pending function, and the other way round', () => {
    vi.useFakeTimers()
    const hub = createLiveHub(100)
    const { p, got } = peer(['health.onDidChange'])
    hub.add(p)
    hub.health(() => ({ from: 'function' }) as never)
    hub.health({ from: 'value' } as never)
    vi.advanceTimersByTime(100)
    hub.health({ from: 'value' } as never)
    hub.health(() => ({ from: 'function' }) as never)
    vi.advanceTimersByTime(100)
    expect(got.map((g) => g.data)).toEqual([{ from: 'value' }, { from: 'function' }])
    hub.stop()
  })

  it('never computes the health when nobody listens', () => {
    vi.useFakeTimers()
    const hub = createLiveHub(100)
    const compute = vi.fn(() => ({}) as never)
    hub.health(compute)
    vi.advanceTimersByTime(100)
    expect(compute).not.toHaveBeenCalled()
    hub.stop()
  })

  it('batches item changes as the latest state per key, in arrival order', () => {
    vi.useFakeTimers()
    const hub = createLiveHub(100)
    const { p, got } = peer(['events.onDidChange'])
    hub.add(p)
    hub.changed('events.onDidChange', 'a', { key: 'a', v: 1 } as never)
    hub.changed('events.onDidChange', 'b', { key: 'b', v: 1 } as never)
    hub.changed('events.onDidChange', 'a', { key: 'a', v: 2 } as never)
    vi.advanceTimersByTime(100)
    expect(got).toEqual([
      {
        name: 'events.onDidChange',
        data: {
          items: [
            { key: 'b', v: 1 },
            { key: 'a', v: 2 },
          ],
        },
      },
    ])
    hub.stop()
  })
})
