/**
 * Publishing to the test broker the way the county platform does: QoS 1, and every publish
 * resolves only after the broker's PUBACK.
 */
import { connectAsync, type IClientPublishOptions, type MqttClient } from 'mqtt'

export type Payload = object | string | Buffer

export interface PublishOptions {
  qos?: 0 | 1 | 2
  retain?: boolean
  /** MQTT protocol version of the publishing client (4 = 3.1.1, 5). Default 4. */
  protocolVersion?: 4 | 5
}

function encode(payload: Payload): string | Buffer {
  if (Buffer.isBuffer(payload) || typeof payload === 'string') return payload
  return JSON.stringify(payload)
}

export interface Publisher {
  publish(topic: string, payload: Payload, opts?: PublishOptions): Promise<void>
  close(): Promise<void>
  client: MqttClient
}

let publisherSeq = 0

/** One connection for many publishes (e.g. 30 events for a screenshot). */
export async function connectPublisher(url: string, opts: PublishOptions = {}): Promise<Publisher> {
  const client = await connectAsync(url, {
    clientId: `zs-test-pub-${process.pid}-${++publisherSeq}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: opts.protocolVersion ?? 4,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  })
  return {
    client,
    async publish(topic, payload, publishOpts = {}) {
      const options: IClientPublishOptions = {
        qos: publishOpts.qos ?? opts.qos ?? 1,
        retain: publishOpts.retain ?? false,
      }
      await client.publishAsync(topic, encode(payload), options)
    },
    async close() {
      await client.endAsync()
    },
  }
}

/** Connect, publish one message (QoS 1 by default, resolves after PUBACK), disconnect. */
export async function publish(url: string, topic: string, payload: Payload, opts: PublishOptions = {}): Promise<void> {
  const publisher = await connectPublisher(url, opts)
  try {
    await publisher.publish(topic, payload, opts)
  } finally {
    await publisher.close()
  }
}
