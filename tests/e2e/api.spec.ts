/** The HTTP API: every /api/* endpoint needs the bearer token; health counts what was published. */
import { eventTopic, makeEvent, nextVersion } from '../fixtures/events'
import { expect, test } from './fixtures'

test.describe('HTTP API', () => {
  test('every /api/* endpoint answers 401 without the token and 200 with it', async ({
    request,
    engine,
    publishEvent,
    counters,
  }) => {
    const event = makeEvent()
    await publishEvent(event)
    await expect.poll(async () => (await counters()).stored).toBe(1)

    const paths = [
      '/api/health',
      '/api/events',
      `/api/events/${encodeURIComponent(event.id)}`,
      '/api/quarantine',
      '/api/openapi.json',
    ]
    // The hall token reads; the quarantine is for administrators (an operator session).
    const admin = await engine.sessionToken('admin')
    for (const path of paths) {
      const url = `${engine.url}${path}`
      const anonymous = await request.get(url)
      expect(anonymous.status(), `${path} without token`).toBe(401)
      expect(await anonymous.json(), `${path} without token`).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      })

      const wrong = await request.get(url, { headers: { Authorization: 'Bearer not-the-token' } })
      expect(wrong.status(), `${path} with a wrong token`).toBe(401)

      const token = path === '/api/quarantine' ? admin : engine.token
      if (path === '/api/quarantine') {
        const hall = await request.get(url, { headers: { Authorization: `Bearer ${engine.token}` } })
        expect(hall.status(), `${path} with the hall token`).toBe(403)
      }
      const authorised = await request.get(url, { headers: { Authorization: `Bearer ${token}` } })
      expect(authorised.status(), `${path} with the token`).toBe(200)
      // The OpenAPI document is served as itself (tools read it directly); everything else is an envelope.
      const expected = path === '/api/openapi.json' ? { openapi: expect.stringMatching(/^3\./) } : { ok: true }
      expect(await authorised.json(), `${path} with the token`).toMatchObject(expected)
    }
  })

  test('events, one event with its versions, and the OpenAPI document', async ({ request, engine, publishEvent }) => {
    const headers = { Authorization: `Bearer ${engine.token}` }
    const v1 = makeEvent({ source: 'citizen', title: '接口测试事件' })
    const v2 = nextVersion(v1, 'accepted')
    await publishEvent(v1)
    await publishEvent(v2)

    await expect
      .poll(async () => {
        const body = await (await request.get(`${engine.url}/api/events/${v1.id}`, { headers })).json()
        return body.ok ? body.value.versions.length : 0
      })
      .toBe(2)
    const one = await (await request.get(`${engine.url}/api/events/${v1.id}`, { headers })).json()
    expect(one.value.summary).toMatchObject({ id: v1.id, version: 2, status: 'accepted', title: v1.title })
    expect(one.value.versions.map((v: { version: number }) => v.version).sort()).toEqual([1, 2])

    const list = await (await request.get(`${engine.url}/api/events?source=citizen`, { headers })).json()
    expect(list.value.items.map((e: { id: string }) => e.id)).toEqual([v1.id])
    const none = await (await request.get(`${engine.url}/api/events?source=video`, { headers })).json()
    expect(none.value.items).toEqual([])

    const missing = await request.get(`${engine.url}/api/events/EV-NOPE`, { headers })
    expect(missing.status()).toBe(404)
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })

    const doc = await (await request.get(`${engine.url}/api/openapi.json`, { headers })).json()
    expect(doc.openapi).toMatch(/^3\./)
    for (const path of ['/api/health', '/api/events', '/api/events/{id}', '/api/quarantine'])
      expect(doc.paths).toHaveProperty([path])
  })

  test('health counters reflect published, duplicate, stale and quarantined messages', async ({
    engine,
    request,
    publishEvent,
    publishRaw,
  }) => {
    const headers = { Authorization: `Bearer ${engine.token}` }
    const health = async () => (await (await request.get(`${engine.url}/api/health`, { headers })).json()).value
    // Hall presence messages (this hall's and other halls' retained status) arrive through
    // {root}/# and are ignored; they are received but not part of what this test publishes.
    const counts = async () => {
      const { ignored, received, ...rest } = (await health()).ingest
      return { received: received - ignored, ...rest }
    }
    expect(await counts()).toEqual({ received: 0, stored: 0, duplicates: 0, stale: 0, quarantined: 0 })

    const a1 = makeEvent()
    const a2 = nextVersion(a1, 'accepted')
    const a3 = nextVersion(a2, 'dispatched')
    const b1 = makeEvent({ source: 'enforcement', domain: 'enforcement' })
    await publishEvent(a1)
    await publishEvent(a3)
    await publishEvent(a3) // duplicate
    await publishEvent(a2) // stale: lower than the stored version 3
    await publishEvent(b1)
    await publishRaw(eventTopic('citizen'), 'not json')
    await publishRaw(eventTopic('citizen'), makeEvent({ severity: 9 as never }))

    await expect.poll(async () => (await counts()).received).toBe(7)
    await expect.poll(counts).toEqual({ received: 7, stored: 3, duplicates: 1, stale: 1, quarantined: 2 })
    const after = await health()
    expect(after.broker.state).toBe('connected')
    expect(after.demoMode).toBe(false)
    expect(after.storedEvents).toBe(2)

    const adminHeaders = { Authorization: `Bearer ${await engine.sessionToken('admin')}` }
    const quarantine = await (await request.get(`${engine.url}/api/quarantine`, { headers: adminHeaders })).json()
    expect(quarantine.value.total).toBe(2)
    for (const item of quarantine.value.items) {
      expect(item.topic).toBe(eventTopic('citizen'))
      expect(item.reason).toMatch(/\S/)
    }
  })
})
