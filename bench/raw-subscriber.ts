/**
 * The raw baseline: a bare MQTT.js client with the same session settings as the engine
 * (persistent session, QoS 1, same protocol version and receive maximum) that only counts.
 * Prints `ready` once subscribed and `done` when it has received the expected count.
 */
import mqtt from 'mqtt'

const [url, topic, countText, protocolText] = process.argv.slice(2)
const expected = Number(countText)
const protocolVersion = Number(protocolText) as 4 | 5
let received = 0

const client = mqtt.connect(url, {
  clientId: `zs-bench-raw-${process.pid}`,
  clean: false,
  protocolVersion,
  properties: protocolVersion === 5 ? { sessionExpiryInterval: 3600, receiveMaximum: 1024 } : undefined,
})
client.handleMessage = (_packet, callback) => {
  received++
  if (received === expected) process.stdout.write('done\n')
  callback()
}
client.on('connect', () => {
  client.subscribe(topic, { qos: 1 }, (err) => {
    if (err) throw err
    process.stdout.write('ready\n')
  })
})
process.on('SIGTERM', () => client.end(true, () => process.exit(0)))
