import { describe, expect, it } from 'vitest'
import type { EventVersion } from '../../../electron/contract'
import { attachments, fullTrace, joinParts, otherFields, relatedIds, textAt, versionTrace } from './eventDetailModel'

const v = (version: number, payload: Record<string, unknown>): EventVersion => ({
  version,
  receivedAt: `2026-11-27T0${version}:00:00Z`,
  topic: 'zs/events/grid_patrol',
  payload,
})

describe('versionTrace', () => {
  it('lists every version newest first with status and last action', () => {
    const trace = versionTrace([
      v(1, { status: 'reported', updatedAt: '2026-11-27T09:00:00+08:00' }),
      v(3, {
        status: 'dispatched',
        lastAction: {
          action: 'dispatch',
          by: '县综治中心 李娜',
          at: '2026-11-27T10:02:11+08:00',
          note: '请生态环境局牵头',
        },
      }),
      v(2, { status: 'accepted', lastAction: { action: 'accept', by: '李娜' } }),
    ])
    expect(trace.map((t) => t.version)).toEqual([3, 2, 1])
    expect(trace[0]).toMatchObject({
      status: 'dispatched',
      action: 'dispatch',
      by: '县综治中心 李娜',
      note: '请生态环境局牵头',
      topic: 'zs/events/grid_patrol',
    })
    expect(trace[1]).toMatchObject({ action: 'accept', at: null, note: null })
    expect(trace[2]).toMatchObject({ action: null, by: null, updatedAt: '2026-11-27T09:00:00+08:00' })
  })
  it('copes with malformed optional parts', () => {
    expect(versionTrace([v(1, { lastAction: 'oops', status: 7 })])[0]).toMatchObject({ action: null, status: '7' })
  })
})

describe('payload readers', () => {
  it('reads dotted paths as text only', () => {
    const p = { location: { township: '冶头镇', lat: 37.62 }, title: '<img src=x onerror=alert(1)>' }
    expect(textAt(p, 'location.township')).toBe('冶头镇')
    expect(textAt(p, 'location.lat')).toBe('37.62')
    expect(textAt(p, 'location.missing')).toBeNull()
    expect(textAt(p, 'title')).toBe('<img src=x onerror=alert(1)>')
  })
  it('lists unknown fields as text', () => {
    expect(otherFields({ id: 'x', title: 't', extra: { a: 1 }, flag: true, gone: null })).toEqual([
      ['extra', '{"a":1}'],
      ['flag', 'true'],
    ])
  })
  it('reads attachments and related ids defensively', () => {
    expect(attachments({ attachments: [{ kind: 'image', url: 'https://x/1.jpg', name: '现场照片' }, 'junk'] })).toEqual(
      [{ kind: 'image', name: '现场照片', url: 'https://x/1.jpg', webUrl: 'https://x/1.jpg' }],
    )
    expect(attachments({})).toEqual([])
    // Only http(s) links may be opened; anything else is shown as text.
    const links = attachments({
      attachments: [
        { url: 'javascript:alert(1)' },
        { url: 'data:text/html,<b>x</b>' },
        { url: 'file:///etc/passwd' },
        { url: '/relative/path.jpg' },
        { url: 'HTTP://Example.COM/a b.pdf' },
      ],
    })
    expect(links.map((a) => a.webUrl)).toEqual([null, null, null, null, 'http://example.com/a%20b.pdf'])
    expect(relatedIds({ relatedIds: ['EV-1', 2, 'EV-3'] })).toEqual(['EV-1', 'EV-3'])
  })
  it('joins the parts that exist', () => {
    expect(joinParts('王建军', null, ' ', '13935400000')).toBe('王建军 · 13935400000')
  })
})

describe('full trace', () => {
  it('puts versions and commands in one timeline, newest first, commands below the version they made', () => {
    const v = (version: number, at: string, action: string) => ({
      version,
      receivedAt: at,
      topic: 'zs/events/citizen',
      payload: { status: 'accepted', updatedAt: at, lastAction: { action, by: '县综治中心 李娜', at } },
    })
    const cmd = (id: string, at: string, base: number, run: string | null = null) => ({
      commandId: id,
      action: 'accept',
      operator: { id: 'lina', name: '李娜' },
      state: 'acknowledged' as const,
      issuedAt: at,
      settledAt: at,
      target: { baseVersion: base, drillRunId: run },
      resultVersion: base + 1,
      error: null,
      params: { note: '受理' },
    })
    const trace = fullTrace(
      [v(1, '2026-11-28T09:00:00+08:00', 'report'), v(2, '2026-11-28T09:05:00+08:00', 'accept')],
      [cmd('c1', '2026-11-28T09:05:00+08:00', 1), cmd('other-run', '2026-11-28T09:06:00+08:00', 1, 'run-1')],
      null,
    )
    expect(trace.map((e) => (e.kind === 'version' ? `v${e.version}` : e.commandId))).toEqual(['v2', 'c1', 'v1'])
    const c = trace[1]
    expect(c.kind === 'command' && c).toMatchObject({ operator: '李娜', note: '受理', resultVersion: 2 })
  })
})
