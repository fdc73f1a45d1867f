/**
 * Roles are enforced by the engine on every method, whatever the transport: the real host
 * process, its HTTP API and its WebSocket, real sessions (scrypt-hashed accounts in SQLite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CLOSE_SESSION_ENDED, WS_PATH } from '../../electron/contract/wire'
import { startEngineProcess, type EngineProcess } from '../helpers/engine'
import { makeEvent } from '../fixtures/events'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { publish } from '../helpers/mqtt'

const WALL_TOKEN = 'wall-screen-token-0123456789'
const command = {
  target: { type: 'event', id: 'EV-ROLE-1', baseVersion: 1 },
  action: 'accept',
  params: {},
}

describe('roles and sessions over HTTP and WebSocket', () => {
  let broker: MosquittoBroker
  let engine: EngineProcess

  beforeAll(async () => {
    broker = await startMosquitto()
    engine = await startEngineProcess({ brokerUrl: broker.url, extraArgs: ['--read-only-token', WALL_TOKEN] })
  })
  afterAll(async () => {
    await engine?.stop()
    await broker?.stop()
  })

  const code = async (method: string, params: unknown, token?: string) => {
    const r = await engine.rpc(method, params, token)
    return r.ok ? 'ok' : r.error.code
  }

  it('the hall token reads and signs in, nothing more', async () => {
    expect(await code('events.list', {})).toBe('ok')
    expect(await code('auth.status', {})).toBe('ok')
    expect(await code('commands.issue', command)).toBe('forbidden')
    expect(await code('quarantine.list', {})).toBe('forbidden')
    expect(await code('operators.list', {})).toBe('forbidden')
  })

  it('a read-only wall token only reads (it cannot even sign in)', async () => {
    expect(await code('events.list', {}, WALL_TOKEN)).toBe('ok')
    expect(await code('stats.overview', {}, WALL_TOKEN)).toBe('ok')
    expect(await code('auth.login', { username: 'admin', password: 'x' }, WALL_TOKEN)).toBe('forbidden')
    expect(await code('commands.issue', command, WALL_TOKEN)).toBe('forbidden')
  })

  it('each role gets exactly its rights, and a command carries the signed-in operator', async () => {
    const viewer = await engine.sessionToken('viewer')
    const officer = await engine.sessionToken('officer')
    const trainer = await engine.sessionToken('trainer')
    const admin = await engine.sessionToken('admin')
    expect(await code('commands.issue', command, viewer)).toBe('forbidden')
    expect(await code('commands.issue', command, trainer)).toBe('forbidden')
    expect(await code('quarantine.list', {}, officer)).toBe('forbidden')
    expect(
      await code(
        'operators.create',
        { username: 'x9', displayName: 'x', role: 'admin', password: 'password-9' },
        officer,
      ),
    ).toBe('forbidden')
    expect(await code('quarantine.list', {}, admin)).toBe('ok')

    // A client cannot pass itself off as someone else: the operator param is not the source.
    const issued = await engine.rpc<{ operator: { id: string; name: string } }>(
      'commands.issue',
      { ...command, operator: { id: 'boss', name: '冒充者' } },
      officer,
    )
    expect(issued.ok && issued.value.operator).toEqual({ id: 'officer1', name: '张值班' })
  })

  it('a locked session keeps reading and refuses actions until the password unlocks it', async () => {
    const officer = await engine.sessionToken('officer')
    expect(await code('auth.lock', {}, officer)).toBe('ok')
    expect(await code('events.list', {}, officer)).toBe('ok')
    expect(await code('commands.issue', command, officer)).toBe('locked')
    expect(await code('auth.unlock', { password: 'wrong-password' }, officer)).toBe('unauthorized')
    expect(await code('auth.unlock', { password: 'officer-pass-1' }, officer)).toBe('ok')
    expect(await code('commands.issue', command, officer)).toBe('ok')
  })

  it('shows the reporter’s phone to the duty staff only', async () => {
    await publish(broker.url, `${engine.topicRoot}/events/grid_patrol`, makeEvent({ id: 'EV-PHONE-1' }))
    const phoneOf = async (token?: string) => {
      for (;;) {
        const r = await engine.rpc<{ current: { reporter: { phone: string } } }>(
          'events.get',
          { id: 'EV-PHONE-1' },
          token,
        )
        if (r.ok) return r.value.current.reporter.phone
        await new Promise((res) => setTimeout(res, 50))
      }
    }
    expect(await phoneOf(await engine.sessionToken('officer'))).toBe('13935400000')
    expect(await phoneOf()).toBe('139****0000')
    expect(await phoneOf(await engine.sessionToken('viewer'))).toBe('139****0000')
    expect(await phoneOf(WALL_TOKEN)).toBe('139****0000')
  })

  it('explains a bad new account in fields, and refuses a taken username', async () => {
    const admin = await engine.sessionToken('admin')
    const bad = await engine.rpc(
      'operators.create',
      { username: '-x', displayName: '', role: 'boss', password: 'short' },
      admin,
    )
    expect(bad.ok).toBe(false)
    const issues = (bad as { error: { issues?: { path: string }[] } }).error.issues ?? []
    expect(issues.map((i) => i.path).sort()).toEqual(['displayName', 'password', 'role', 'username'])
    await engine.sessionToken('lead')
    expect(
      await code(
        'operators.create',
        { username: 'LEAD1', displayName: '重名', role: 'lead', password: 'password-10' },
        admin,
      ),
    ).toBe('conflict')
  })

  it('a WebSocket opened with a session follows it: signed out elsewhere, the socket closes with 4440', async () => {
    const lead = await engine.sessionToken('lead')
    const ws = new WebSocket(`${engine.url.replace('http', 'ws')}${WS_PATH}`)
    const frames: { t: string; id?: number; ok?: boolean; scopes?: string[] }[] = []
    ws.on('message', (d) => frames.push(JSON.parse(String(d))))
    await new Promise((r) => ws.once('open', r))
    ws.send(JSON.stringify({ t: 'hello', token: lead, protocol: 1 }))
    await expect.poll(() => frames.find((f) => f.t === 'welcome')?.scopes?.includes('lead')).toBe(true)
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'auth.status', params: {} }))
    await expect.poll(() => frames.find((f) => f.id === 1)?.ok).toBe(true)

    expect(await code('auth.logout', {}, lead)).toBe('ok')
    const closed = new Promise<number>((r) => ws.once('close', (c) => r(c)))
    ws.send(JSON.stringify({ t: 'call', id: 2, method: 'events.list', params: {} }))
    expect(await closed).toBe(CLOSE_SESSION_ENDED)
  })
})
