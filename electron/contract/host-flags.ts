/**
 * The engine host's command-line flags (`out/main/host.js`), shared by the host, which parses
 * them, and the Electron shell, which forwards the user's flags to the engine child. Each flag has
 * an environment variable of the same meaning.
 */
export interface HostFlag {
  env: string
  type: 'string' | 'boolean'
  multiple?: boolean
  doc: string
}

export const HOST_FLAGS = {
  broker: {
    env: 'ZS_BROKER_URL',
    type: 'string',
    doc: 'MQTT broker URL (mqtt://, mqtts://, ws://, wss://). Absent: embedded broker + demo simulator',
  },
  username: { env: 'ZS_MQTT_USERNAME', type: 'string', doc: 'MQTT username' },
  password: { env: 'ZS_MQTT_PASSWORD', type: 'string', doc: 'MQTT password' },
  ca: { env: 'ZS_MQTT_CA', type: 'string', doc: 'CA certificate file (PEM) for mqtts://' },
  cert: { env: 'ZS_MQTT_CERT', type: 'string', doc: 'client certificate file (PEM)' },
  key: { env: 'ZS_MQTT_KEY', type: 'string', doc: 'client private key file (PEM)' },
  'insecure-tls': {
    env: 'ZS_MQTT_INSECURE_TLS',
    type: 'boolean',
    doc: 'do not verify the broker certificate (testing only)',
  },
  'mqtt-version': { env: 'ZS_MQTT_VERSION', type: 'string', doc: 'MQTT protocol version, 5 (default) or 4 (3.1.1)' },
  'topic-root': { env: 'ZS_TOPIC_ROOT', type: 'string', doc: 'topic prefix {root} (default zs)' },
  'hall-id': { env: 'ZS_HALL_ID', type: 'string', doc: 'this hall client id (default derived from the host name)' },
  'data-dir': { env: 'ZS_DATA_DIR', type: 'string', doc: 'where the SQLite database lives (default ./.data)' },
  host: {
    env: 'ZS_HOST',
    type: 'string',
    doc: 'HTTP/WebSocket bind address (default 127.0.0.1; set a LAN address only deliberately)',
  },
  port: { env: 'ZS_PORT', type: 'string', doc: 'HTTP/WebSocket port (default 7345; 0 = any free port)' },
  token: {
    env: 'ZS_TOKEN',
    type: 'string',
    doc: 'the secret every API call needs (default: random per launch, printed)',
  },
  'read-only-token': {
    env: 'ZS_READ_ONLY_TOKEN',
    type: 'string',
    multiple: true,
    doc: 'an extra token with the read scope only (wall screens); repeatable',
  },
  'bootstrap-admin': {
    env: 'ZS_BOOTSTRAP_ADMIN',
    type: 'string',
    doc: 'USER:PASSWORD — create this administrator at start when no operator exists (automated setups; people use the first-run screen)',
  },
  'lock-after-minutes': {
    env: 'ZS_LOCK_AFTER_MINUTES',
    type: 'string',
    doc: 'a workstation locks after this many minutes without input (default 15; 0 = never)',
  },
  'zero-report-deadline': {
    env: 'ZS_ZERO_REPORT_DEADLINE',
    type: 'string',
    doc: 'daily zero-report deadline HH:MM, Asia/Shanghai (default 10:00)',
  },
  'frigate-config': {
    env: 'ZS_FRIGATE_CONFIG',
    type: 'string',
    doc: 'JSON file mapping Frigate NVR cameras/labels to communities and alert types (docs/frigate.md); absent: off',
  },
  'backup-interval-minutes': {
    env: 'ZS_BACKUP_INTERVAL_MINUTES',
    type: 'string',
    doc: 'online backup of hall.sqlite3 and dutylog.sqlite3 every N minutes (default 360; 0 = on demand only)',
  },
  'backup-keep': { env: 'ZS_BACKUP_KEEP', type: 'string', doc: 'how many backups to keep, newest first (default 8)' },
  'backup-dir': { env: 'ZS_BACKUP_DIR', type: 'string', doc: 'where backups go (default {data-dir}/backups)' },
  'publish-handovers': {
    env: 'ZS_PUBLISH_HANDOVERS',
    type: 'string',
    doc: 'on (default) / off: publish signed handovers (zs.handover/1) on {root}/halls/{hallId}/handovers',
  },
  'renderer-dir': { env: 'ZS_RENDERER_DIR', type: 'string', doc: 'the built UI to serve (default out/renderer)' },
  'sim-rate': { env: 'ZS_SIM_RATE', type: 'string', doc: 'demo simulator: new events per second (default 0.5)' },
  'sim-seed': { env: 'ZS_SIM_SEED', type: 'string', doc: 'demo simulator: random seed (default: time-based)' },
  'embedded-broker-port': {
    env: 'ZS_EMBEDDED_BROKER_PORT',
    type: 'string',
    doc: 'port of the embedded demo broker (default 0 = any free port)',
  },
} as const satisfies Record<string, HostFlag>

export type HostFlagName = keyof typeof HOST_FLAGS
