/**
 * The embedded MQTT broker for the demo (no broker configured): aedes on loopback only.
 * aedes speaks MQTT 3.1.1, so the engine connects to it with protocol version 4.
 */
import { createServer, type AddressInfo } from 'node:net'
import { Aedes } from 'aedes'

export async function startEmbeddedBroker(port = 0) {
  const broker = await Aedes.createBroker()
  const server = createServer(broker.handle)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    url: `mqtt://127.0.0.1:${actual}`,
    port: actual,
    async stop() {
      await new Promise<void>((r) => broker.close(() => r()))
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
