/** The contract methods `dutyLog.*` and `shifts.*`. */
import { ContractFailure, scopeAllows, type DutyEntry, type Handover, type OpenItems } from '../../contract'
import { dutyLogXlsx, handoverPdf } from './export'
import type { AuthService } from '../auth/auth-service'
import type { CallContext, Handlers } from '../rpc/dispatcher'
import type { Author, DutyLog } from './dutylog-store'

type DutyMethod = Exclude<
  Extract<keyof Handlers, `dutyLog.${string}` | `shifts.${string}`>,
  'dutyLog.export' | 'shifts.candidates'
>

function authorOf(ctx: CallContext): Author {
  if (!ctx.operator) throw new ContractFailure('forbidden', 'the duty log needs a signed-in operator')
  return { username: ctx.operator.username, displayName: ctx.operator.displayName }
}

export function createDutyLogHandlers(log: DutyLog, auth: AuthService): Pick<Handlers, DutyMethod> {
  const current = () => {
    const shift = log.currentShift()
    return { shift, schedule: log.schedule(), roster: log.roster(shift.key) }
  }
  return {
    'dutyLog.list': (p) => log.list(p),
    'dutyLog.add': (p, ctx) => log.add(p, authorOf(ctx)),
    'dutyLog.upload': (p, ctx) => {
      authorOf(ctx)
      return log.attachments.upload(p.name, p.base64)
    },
    'dutyLog.correct': (p, ctx) => {
      const author = authorOf(ctx)
      const entry = log.get(p.entryId)
      if (!entry) throw new ContractFailure('not_found', `no duty log entry ${p.entryId}`)
      // Its author corrects their own entry; a shift lead (or administrator) any entry.
      if (entry.author !== author.username && !scopeAllows(ctx.scopes, 'lead'))
        throw new ContractFailure('forbidden', 'only its author or a shift lead may correct this entry')
      return log.correct(p.entryId, p.reason, author)
    },
    'dutyLog.integrity': (p) => (p.run ? log.checkIntegrity() : log.integrity()),
    'shifts.current': () => current(),
    'shifts.setSchedule': (p) => {
      log.setSchedule(p.shifts)
      return { schedule: log.schedule() }
    },
    'shifts.setRoster': (p) => {
      const shift = p.shift ?? log.currentShift().key
      const accounts = new Map(auth.list().map((a) => [a.username.toLowerCase(), a]))
      const members = p.members.map((m, i) => {
        const a = accounts.get(m.username.toLowerCase())
        if (!a || a.disabled)
          throw new ContractFailure('invalid_params', `no active operator ${m.username}`, [
            { path: `members.${i}.username`, message: 'no such active operator' },
          ])
        return { username: a.username, displayName: a.displayName, duty: m.duty }
      })
      log.setRoster(shift, members)
      return { shift, roster: log.roster(shift) }
    },
  }
}

export interface HandoverDeps {
  collect: () => OpenItems
  /** After both signed (e.g. publish it for the platform's archive). */
  afterSign?: (h: Handover) => void
}

/** `handover.*`: prepare (collect), sign (both passwords), list (verified). */
export function createHandoverHandlers(
  log: DutyLog,
  auth: AuthService,
  deps: HandoverDeps,
): Pick<Handlers, 'handover.prepare' | 'handover.sign' | 'handover.list' | 'handover.export' | 'dutyLog.export'> {
  return {
    'handover.export': async ({ id }) => {
      const h = log.handovers.get(id)
      if (!h) throw new ContractFailure('not_found', `no handover ${id}`)
      const pdf = await handoverPdf(h)
      return {
        filename: `交接班-${h.shift.replace(/\s+/g, '-')}.pdf`,
        mime: 'application/pdf',
        base64: pdf.toString('base64'),
      }
    },
    'dutyLog.export': async (p) => {
      const items: DutyEntry[] = []
      let cursor: number | undefined
      for (;;) {
        const page = log.list({ shift: p.shift, from: p.from, to: p.to, cursor, limit: 500 })
        items.push(...page.items)
        if (page.nextCursor === null || items.length >= 20_000) break
        cursor = page.nextCursor
      }
      const title = `值班日志 ${p.shift ?? `${p.from ?? ''} – ${p.to ?? ''}`}`.trim()
      const xlsx = await dutyLogXlsx(title, items)
      return {
        filename: `值班日志-${(p.shift ?? p.from ?? 'all').replace(/[\s:]+/g, '-')}.xlsx`,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: xlsx.toString('base64'),
      }
    },
    'handover.prepare': () => ({ shift: log.currentShift(), openItems: deps.collect() }),
    'handover.sign': async (p, ctx) => {
      const outgoing = authorOf(ctx)
      const signed = await auth.verify(outgoing.username, p.outgoingPassword, 'handover (outgoing)', ctx.peer)
      let incoming
      try {
        incoming = await auth.verify(p.incomingUsername, p.incomingPassword, 'handover (incoming)', ctx.peer)
      } catch (e) {
        if (e instanceof ContractFailure && e.code === 'unauthorized')
          throw new ContractFailure('unauthorized', 'the incoming lead’s username or password is wrong', [
            { path: 'incomingPassword', message: 'wrong' },
          ])
        throw e
      }
      if (incoming.username === signed.username)
        throw new ContractFailure('invalid_params', 'the incoming lead must be someone else', [
          { path: 'incomingUsername', message: 'same as the outgoing lead' },
        ])
      if (!['lead', 'admin'].includes(incoming.role))
        throw new ContractFailure('invalid_params', 'the incoming lead must be a shift lead', [
          { path: 'incomingUsername', message: 'not a shift lead' },
        ])
      const handover = log.handovers.sign({
        shift: log.currentShift().key,
        summary: p.summary,
        openItems: deps.collect(),
        outgoing: { username: signed.username, displayName: signed.displayName },
        incoming: { username: incoming.username, displayName: incoming.displayName },
      })
      log.addSystem(`交接班完成：${signed.displayName} 交给 ${incoming.displayName}（${handover.shift}）`)
      deps.afterSign?.(handover)
      return handover
    },
    'handover.list': () => ({ items: log.handovers.list() }),
  }
}
