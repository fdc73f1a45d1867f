/**
 * The durable floor: the least any subscriber that persists before it acknowledges can do, with
 * the engine's session settings and its group commit. MQTT.js receives; each payload is parsed
 * (`JSON.parse`, so a broken one could be refused) and inserted as it came into one SQLite table
 * with no index (a rowid table, the file opened with the engine's pragmas: WAL, synchronous
 * NORMAL); the PUBACKs are held until the batch's COMMIT, as the engine holds them. No validation,
 * no versions, no current state, no indexes, no live updates: what is left of the engine's work
 * when everything optional is taken away. Prints `ready` once subscribed and `done` when the
 * expected count is committed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import mqtt from 'mqtt'
import type { Packet } from 'mqtt-packet'

const [url, topic, countText, protocolText] = process.argv.slice(2)
const expected = Number(countText)
const protocolVersion = Number(protocolText) as 4 | 5
const MAX_BATCH = 1000

const dir = mkdtempSync(join(tmpdir(), 'zs-bench-floor-'))
const db = new Database(join(dir, 'floor.sqlite3'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec('CREATE TABLE messages (topic TEXT NOT NULL, payload BLOB NOT NULL)')
const insert = db.prepare('INSERT INTO messages (topic, payload) VALUES (?, ?)')
const begin = db.prepare('BEGIN')
const commit = db.prepare('COMMIT')

const client = mqtt.connect(url, {
  clientId: `zs-bench-floor-${process.pid}`,
  clean: false,
  protocolVersion,
  properties: protocolVersion === 5 ? { sessionExpiryInterval: 3600, receiveMaximum: 1024 } : undefined,
})

// Hold each PUBACK until its message is committed (the engine does the same, mqtt/connection.ts).
const internals = client as unknown as { _sendPacket: (packet: Packet, cb?: () => void) => void }
const send = internals._sendPacket.bind(client)
let held: Packet[] = []
let pending = 0
let committed = 0
internals._sendPacket = (packet, cb) => {
  if (packet.cmd === 'puback' && pending > 0) {
    held.push(packet)
    cb?.()
    return
  }
  send(packet, cb)
}
let scheduled = false
function commitNow() {
  scheduled = false
  if (!pending) return
  commit.run()
  committed += pending
  pending = 0
  const acks = held
  held = []
  for (const p of acks) send(p)
  if (committed === expected) process.stdout.write('done\n')
}
client.handleMessage = (packet, callback) => {
  const payload = packet.payload as Buffer
  JSON.parse(payload.toString('utf8'))
  if (pending === 0) begin.run()
  insert.run(packet.topic, payload)
  pending++
  callback()
  if (pending >= MAX_BATCH) commitNow()
  else if (!scheduled) {
    scheduled = true
    setImmediate(commitNow)
  }
}
client.on('connect', () => {
  client.subscribe(topic, { qos: 1 }, (err) => {
    if (err) throw err
    process.stdout.write('ready\n')
  })
})
process.on('SIGTERM', () =>
  client.end(true, () => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
    process.exit(0)
  }),
)
