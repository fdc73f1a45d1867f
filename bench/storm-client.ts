/**
 * A receiving client of bench/storm.ts in its own process, recording when each storm event
 * arrives (epoch ms, sub-millisecond). The storm's event ids end in their sequence number
 * (`EV-S-<tag>-<seq>`), so the arrival of every message is known without a clock in the payload.
 *
 *   mqtt <brokerUrl> <topic> <total>        the raw baseline: a bare MQTT.js subscriber (QoS 1,
 *                                           persistent session, receive maximum 256, like the engine)
 *   ws <engineUrl> <token> <total> <tag>    a live client speaking the wire protocol:
 *                                           hello → sub events.onDidChange
 *
 * Prints `ready` once subscribed. On the stdin line `dump <file>` it writes the arrivals
 * (Float64Array, 0 = never arrived) to the file and prints `dumped <received>`.
 */
import { writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import mqtt from 'mqtt'
import WebSocket from 'ws'

const [mode, target, arg2, totalText, tag] = process.argv.slice(2)
const total = Number(totalText)
const arrivals = new Float64Array(total)
let received = 0
const now = () => performance.timeOrigin + performance.now()

function record(seq: number, at: number) {
  if (seq >= 0 && seq < total && arrivals[seq] === 0) {
    arrivals[seq] = at
    received++
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^dump (.+)$/.exec(line.trim())
  if (!m) return
  writeFileSync(m[1], Buffer.from(arrivals.buffer))
  process.stdout.write(`dumped ${received}\n`)
})

if (mode === 'mqtt') {
  const client = mqtt.connect(target, {
    clientId: `zs-storm-raw-${process.pid}`,
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 3600, receiveMaximum: 256 },
  })
  client.handleMessage = (packet, callback) => {
    const at = now()
    // The id is near the start of the payload: `{"schema":"zs.event/1","id":"EV-S-<tag>-<seq>"…`
    const head = (packet.payload as Buffer).subarray(0, 120).toString('latin1')
    const m = /"id":"EV-S-[^"]*?-(\d+)"/.exec(head)
    if (m) record(Number(m[1]), at)
    callback()
  }
  client.on('connect', () => {
    client.subscribe(arg2, { qos: 1 }, (err) => {
      if (err) throw err
      process.stdout.write('ready\n')
    })
  })
} else if (mode === 'ws') {
  const url = new URL('/api/ws', target.replace(/^http/, 'ws'))
  const ws = new WebSocket(url)
  const idPattern = new RegExp(`"id":"EV-S-${tag}-(\\d+)"`, 'g')
  ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', token: arg2, protocol: 1, client: 'storm-bench' })))
  ws.on('message', (data) => {
    const at = now()
    const text = data.toString()
    if (text.startsWith('{"t":"welcome"')) {
      ws.send(JSON.stringify({ t: 'sub', events: ['events.onDidChange'] }))
      process.stdout.write('ready\n')
      return
    }
    idPattern.lastIndex = 0
    for (let m = idPattern.exec(text); m; m = idPattern.exec(text)) record(Number(m[1]), at)
  })
  ws.on('close', (code) => process.stderr.write(`storm ws client: closed ${code}\n`))
} else {
  throw new Error(`unknown mode ${mode}`)
}
process.on('SIGTERM', () => process.exit(0))
