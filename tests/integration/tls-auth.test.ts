/**
 * Connecting to a county broker the way operators will (docs/operations.md): TLS with the
 * county's CA, username and password, optionally a client certificate. The engine host process is
 * started with `--broker mqtts://… --ca … --username … --password …`; it must connect and ingest
 * when everything is right, and refuse — with the reason in `/api/health` — when the server's
 * certificate does not verify (unknown CA, wrong host name) unless `--insecure-tls` is given, when
 * the credentials are wrong, and when a required client certificate is missing.
 *
 * Needs `openssl` (a throw-away CA and certificates) and `mosquitto_passwd` (the password file);
 * skipped, saying so, when either is missing.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectAsync } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Health } from '../../electron/contract'
import { eventTopic, makeEvent } from '../fixtures/events'
import { startEngineProcess, type EngineProcess } from '../helpers/engine'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { waitFor } from '../helpers/queue-check'

const has = (tool: string) => spawnSync('which', [tool]).status === 0
const missing = ['openssl', 'mosquitto_passwd'].filter((t) => !has(t))
const ROOT = 'tls'
const USER = 'hall-xiyang'
const PASSWORD = 'correct horse battery staple'
const WRONG_PASSWORD = 'Tr0ub4dor&3-wrong'

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
}

/** A throw-away CA and certificates signed by it (EC P-256: fast to make). */
function makePki(dir: string) {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  run(
    'openssl',
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Zhongshu Test CA'],
    dir,
  )
  const leaf = (name: string, subject: string, san: string) => {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`)
    run('openssl', ['req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir)
    run(
      'openssl',
      ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial'].concat([
        '-out',
        `${name}.crt`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      ]),
      dir,
    )
  }
  leaf('server', '/CN=127.0.0.1', 'IP:127.0.0.1,DNS:localhost')
  leaf('elsewhere', '/CN=broker.elsewhere.example', 'DNS:broker.elsewhere.example')
  leaf('client', `/CN=${USER}`, `DNS:${USER}`)
  run('mosquitto_passwd', ['-b', '-c', 'passwd', USER, PASSWORD], dir)
  const f = (n: string) => join(dir, n)
  return {
    ca: f('ca.crt'),
    server: { cert: f('server.crt'), key: f('server.key') },
    elsewhere: { cert: f('elsewhere.crt'), key: f('elsewhere.key') },
    client: { cert: f('client.crt'), key: f('client.key') },
    passwd: f('passwd'),
  }
}

describe.skipIf(missing.length > 0)(
  `TLS and credentials against Mosquitto${missing.length ? ` — SKIPPED: ${missing.join(', ')} not installed` : ''}`,
  () => {
    let dir: string
    let pki: ReturnType<typeof makePki>
    /** TLS with the right certificate, password file, no anonymous clients. */
    let secured: MosquittoBroker
    /** TLS with a certificate for another host name (signed by the same CA). */
    let elsewhere: MosquittoBroker
    /** TLS that requires a client certificate signed by the CA. */
    let mutual: MosquittoBroker
    const engines: EngineProcess[] = []

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'zs-tls-'))
      pki = makePki(dir)
      const tls = (cert: { cert: string; key: string }) => [
        `cafile ${pki.ca}`,
        `certfile ${cert.cert}`,
        `keyfile ${cert.key}`,
      ]
      secured = await startMosquitto({
        listenerConfig: tls(pki.server),
        allowAnonymous: false,
        extraConfig: [`password_file ${pki.passwd}`],
      })
      elsewhere = await startMosquitto({ listenerConfig: tls(pki.elsewhere) })
      mutual = await startMosquitto({ listenerConfig: [...tls(pki.server), 'require_certificate true'] })
    })
    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop()
    })
    afterAll(async () => {
      await secured?.stop()
      await elsewhere?.stop()
      await mutual?.stop()
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    const mqtts = (b: MosquittoBroker) => `mqtts://127.0.0.1:${b.port}`
    async function engine(broker: MosquittoBroker, args: string[], hallId: string) {
      const e = await startEngineProcess({ brokerUrl: mqtts(broker), topicRoot: ROOT, hallId, extraArgs: args })
      engines.push(e)
      return e
    }
    const health = (e: EngineProcess) => e.get<Health>('/api/health')
    const connected = (e: EngineProcess) =>
      waitFor(
        async () => (await health(e)).broker.state === 'connected',
        async () => `not connected: ${JSON.stringify((await health(e)).broker)}\n${e.output().stderr.slice(-1500)}`,
        20_000,
      )
    /** Waits for the refusal's reason, then checks that the link never came up. */
    async function refused(e: EngineProcess, reason: RegExp) {
      const h = await waitFor(
        async () => {
          const h = await health(e)
          return h.broker.lastError ? h : null
        },
        async () => `no error reported: ${JSON.stringify((await health(e)).broker)}`,
        20_000,
      )
      console.log(`[tls-auth] ${e.hallId}: refused with "${h.broker.lastError}"`)
      expect(h.broker.lastError).toMatch(reason)
      await new Promise((r) => setTimeout(r, 1_000))
      const later = await health(e)
      expect(later.broker.state).not.toBe('connected')
      expect(later.broker.connectedAt).toBeNull()
      expect(later.ingest.received).toBe(0)
    }

    it('connects with the CA and the right credentials, and ingests over TLS', async () => {
      const e = await engine(secured, ['--ca', pki.ca, '--username', USER, '--password', PASSWORD], 'tls-ok')
      await connected(e)
      const pub = await connectAsync(mqtts(secured), {
        ca: readFileSync(pki.ca),
        username: USER,
        password: PASSWORD,
        reconnectPeriod: 0,
      })
      const event = makeEvent({ source: 'citizen' })
      await pub.publishAsync(eventTopic('citizen', ROOT), JSON.stringify(event), { qos: 1 })
      await pub.endAsync()
      await waitFor(
        async () => (await e.api(`/api/events/${event.id}`)).status === 200,
        () => 'the event published over TLS was not stored',
        15_000,
      )
      const h = await health(e)
      expect(h.broker.url).toBe(mqtts(secured))
      // The password never shows in health (it is not in the URL and must not leak elsewhere).
      expect(JSON.stringify(h)).not.toContain(PASSWORD)
    })

    it('refuses a wrong password, and no credentials at all', async () => {
      const wrong = await engine(
        secured,
        ['--ca', pki.ca, '--username', USER, '--password', WRONG_PASSWORD],
        'tls-wrong',
      )
      const none = await engine(secured, ['--ca', pki.ca], 'tls-none')
      await refused(wrong, /not authori[sz]ed|bad user ?name or password/i)
      await refused(none, /not authori[sz]ed|bad user ?name or password/i)
      expect(JSON.stringify(await health(wrong))).not.toContain(WRONG_PASSWORD)
    })

    it('refuses a server certificate from an unknown CA unless --insecure-tls', async () => {
      const strict = await engine(secured, ['--username', USER, '--password', PASSWORD], 'tls-no-ca')
      const lax = await engine(secured, ['--insecure-tls', '--username', USER, '--password', PASSWORD], 'tls-insecure')
      await refused(strict, /self[- ]signed|unable to (get|verify)|certificate/i)
      await connected(lax)
    })

    it('refuses a certificate for another host name even from the right CA, unless --insecure-tls', async () => {
      const strict = await engine(elsewhere, ['--ca', pki.ca], 'tls-host')
      const lax = await engine(elsewhere, ['--ca', pki.ca, '--insecure-tls'], 'tls-host-insecure')
      await refused(strict, /altnames|host ?name|does not match/i)
      await connected(lax)
    })

    it('presents a client certificate when the broker requires one', async () => {
      const withCert = await engine(
        mutual,
        ['--ca', pki.ca, '--cert', pki.client.cert, '--key', pki.client.key],
        'tls-client-cert',
      )
      const without = await engine(mutual, ['--ca', pki.ca], 'tls-no-client-cert')
      await connected(withCert)
      await refused(without, /certificate|handshake|alert|socket|ECONNRESET|closed/i)
    })
  },
)
