/**
 * Handover against real data: a real Mosquitto feeds the in-process engine events and a video
 * alert, the outbox holds a command the broker never took, the duty log holds a leader
 * instruction; the handover collects each kind of open item, both leads sign with their
 * passwords, and a change made later in the database file shows as tampering.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Handover, OpenItems, OperatorAccount } from '../../electron/contract'
import { createEngine, type Engine } from '../../electron/engine'
import { DUTYLOG_FILE } from '../../electron/engine/dutylog/dutylog-store'
import { makeEvent } from '../fixtures/events'
import { ADMIN_CTX, asOperator } from '../helpers/auth'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Publisher } from '../helpers/mqtt'
import { until } from '../helpers/until'

const root = 'ho'

describe('handover', () => {
  let broker: MosquittoBroker
  let pub: Publisher
  let engine: Engine
  let dir: string
  const call = async <T>(method: string, params: unknown, ctx = ADMIN_CTX): Promise<T> => {
    const env = await engine.dispatch(method, params, ctx)
    if (!env.ok) throw new Error(`${method}: ${JSON.stringify(env.error)}`)
    return env.value as T
  }

  beforeAll(async () => {
    broker = await startMosquitto()
    pub = await connectPublisher(broker.url)
    dir = mkdtempSync(join(tmpdir(), 'zs-handover-'))
    engine = await createEngine({
      broker: { url: broker.url },
      topicRoot: root,
      hallId: 'hall-ho',
      dataDir: dir,
      auth: { passwordCost: { N: 1024, r: 8, p: 1 } },
      log: () => {},
    })
    await engine.waitForBroker()
  })
  afterAll(async () => {
    await engine?.stop().catch(() => {})
    await pub?.close()
    await broker?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('collects every kind of open item, is signed by both leads, and shows tampering', async () => {
    const past = new Date(Date.now() - 3 * 3600_000).toISOString()
    await pub.publish(`${root}/events/grid_patrol`, makeEvent({ id: 'EV-HO-OPEN', status: 'accepted' }))
    await pub.publish(
      `${root}/events/grid_patrol`,
      makeEvent({ id: 'EV-HO-LATE', status: 'dispatched', deadline: past, title: '逾期未办结的事件' }),
    )
    await pub.publish(
      `${root}/events/grid_patrol`,
      makeEvent({ id: 'EV-HO-SUP', status: 'in_progress', supervision: { level: 2, note: '督办' } }),
    )
    await pub.publish(`${root}/events/grid_patrol`, makeEvent({ id: 'EV-HO-DONE', status: 'closed' }))
    await pub.publish(`${root}/video/alerts/C-1`, {
      schema: 'zs.video_alert/1',
      id: 'VA-HO-1',
      version: 1,
      type: 'garbage_overflow',
      status: 'new',
      communityId: 'C-1',
      detectedAt: new Date().toISOString(),
      snapshot: { url: 'https://cdn.example/a.jpg' },
      drill: false,
    })
    await until(() => engine.events.summary('EV-HO-DONE') && engine.videoAlerts.summary('VA-HO-1'), 'the data')

    const mk = async (username: string, role: 'lead' | 'officer', displayName: string) =>
      call<OperatorAccount>('operators.create', { username, displayName, role, password: `${username}-password` })
    const outgoing = await mk('lead-a', 'lead', '王班长')
    await mk('lead-b', 'lead', '李班长')
    await mk('officer-c', 'officer', '张值班')
    const leadCtx = asOperator('lead', outgoing)

    // A command the broker never accepted, and a leader instruction not yet carried out.
    await broker.halt()
    await call(
      'commands.issue',
      { target: { type: 'event', id: 'EV-HO-OPEN', baseVersion: 1 }, action: 'accept', params: {} },
      leadCtx,
    )
    await broker.start()
    await call(
      'dutyLog.add',
      {
        type: 'instruction',
        text: '今晚加强危化品巡查',
        instructedBy: '县委书记',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      leadCtx,
    )

    const { openItems } = await call<{ openItems: OpenItems }>('handover.prepare', {}, leadCtx)
    expect(openItems.openByStatus).toMatchObject({ accepted: 1, dispatched: 1, in_progress: 1 })
    expect(openItems.openByStatus.closed).toBeUndefined()
    expect(openItems.overdue.items.map((i) => i.id)).toEqual(['EV-HO-LATE'])
    expect(openItems.supervised.items.map((i) => [i.id, i.level])).toEqual([['EV-HO-SUP', 2]])
    expect(openItems.unconfirmedVideoAlerts.items.map((i) => i.id)).toEqual(['VA-HO-1'])
    expect(openItems.outbox.items.map((i) => [i.target, i.action])).toEqual([['EV-HO-OPEN', 'accept']])
    expect(openItems.openInstructions.map((i) => i.instructedBy)).toEqual(['县委书记'])
    expect(openItems.runningDrill).toBeNull()

    const sign = (p: object) =>
      engine.dispatch(
        'handover.sign',
        {
          summary: '本班处置 3 起，1 起逾期需跟进。',
          outgoingPassword: 'lead-a-password',
          incomingUsername: 'lead-b',
          incomingPassword: 'lead-b-password',
          ...p,
        },
        leadCtx,
      )
    const wrong = await sign({ incomingPassword: 'nope' })
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'unauthorized', issues: [{ path: 'incomingPassword' }] })
    const notLead = await sign({ incomingUsername: 'officer-c', incomingPassword: 'officer-c-password' })
    expect(!notLead.ok && notLead.error.code).toBe('invalid_params')
    const ok = await sign({})
    expect(ok.ok).toBe(true)
    const first = (ok as { value: Handover }).value
    expect(first).toMatchObject({
      verified: true,
      outgoing: { displayName: '王班长' },
      incoming: { displayName: '李班长' },
    })
    const second = await call<Handover>(
      'handover.sign',
      {
        summary: '第二次交接',
        outgoingPassword: 'lead-a-password',
        incomingUsername: 'lead-b',
        incomingPassword: 'lead-b-password',
      },
      leadCtx,
    )
    expect(second.prevHash).toBe(first.hash)
    const log = await call<{ items: { text: string }[] }>('dutyLog.list', { text: '交接班完成' })
    expect(log.items).toHaveLength(2)

    // The PDF: A4, Chinese text, both signatures (read back with poppler's pdftotext).
    const file = await call<{ filename: string; mime: string; base64: string }>('handover.export', { id: first.id })
    expect(file.mime).toBe('application/pdf')
    const pdfPath = join(dir, 'handover.pdf')
    writeFileSync(pdfPath, Buffer.from(file.base64, 'base64'))
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
    for (const s of ['交接班记录', '本班处置 3 起', '王班长', '李班长', '逾期未办结的事件', '县委书记', first.hash])
      expect(text).toContain(s)
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/)
    const xlsx = await call<{ base64: string }>('dutyLog.export', {
      from: new Date(Date.now() - 3600_000).toISOString(),
    })
    expect(Buffer.from(xlsx.base64, 'base64').subarray(0, 2).toString()).toBe('PK')

    // Someone edits the frozen row in the file (the trigger must be dropped first).
    const raw = new Database(join(dir, DUTYLOG_FILE))
    expect(() => raw.prepare("UPDATE handovers SET summary = 'x'").run()).toThrow(/frozen/)
    raw.exec('DROP TRIGGER handovers_no_update')
    raw.prepare("UPDATE handovers SET summary = '本班无事' WHERE id = ?").run(first.id)
    raw.close()
    const list = await call<{ items: Handover[] }>('handover.list', {})
    const byId = Object.fromEntries(list.items.map((h) => [h.id, h]))
    expect(byId[first.id]).toMatchObject({ verified: false, problem: 'its content changed after both leads signed' })
    expect(byId[second.id].verified).toBe(true)
  })
})
