/**
 * The raw baseline of bench/queries.ts: a bare node:http server in its own process that answers
 * GET /row/<rowid> with one events row read by primary key through better-sqlite3, as JSON —
 * the cheapest possible "HTTP request → SQLite → JSON" round trip on the same database file.
 * Prints `ready <port>` once listening; exits on SIGTERM.
 */
import { createServer } from 'node:http'
import Database from 'better-sqlite3'

const [file] = process.argv.slice(2)
const db = new Database(file, { readonly: true })
const byRowid = db.prepare('SELECT * FROM events WHERE rowid = ?')

const server = createServer((req, res) => {
  const m = /^\/row\/(\d+)$/.exec(req.url ?? '')
  const row = m ? byRowid.get(Number(m[1])) : undefined
  const text = JSON.stringify(row ? { ok: true, value: row } : { ok: false })
  res.writeHead(row ? 200 : 404, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`)
})
process.on('SIGTERM', () => {
  server.close()
  db.close()
  process.exit(0)
})
