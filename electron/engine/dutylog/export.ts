/**
 * The handover as a PDF (A4, Chinese font, both signatures with their times, the hash) and the
 * duty log of a shift or a time range as xlsx. The font is found as for the reports
 * (reports/export.ts findReportFont).
 */
import ExcelJS from 'exceljs'
import PDFDocument from 'pdfkit'
import { ContractFailure, type DutyEntry, type Handover } from '../../contract'
import { findReportFont } from '../reports/export'

const STATUS: Record<string, string> = {
  reported: '待受理',
  accepted: '已受理',
  dispatched: '已派遣',
  returned: '已退回',
  in_progress: '处置中',
  resolved: '已处置',
  visited: '已回访',
}
const TYPE: Record<string, string> = {
  call: '来电',
  instruction: '领导批示',
  event_note: '事件记录',
  inspection: '检查',
  drill: '演练',
  other: '其他',
  system: '系统记录',
}
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—')

export function handoverPdf(h: Handover): Promise<Buffer> {
  const font = findReportFont()
  if (!font)
    throw new ContractFailure(
      'unavailable',
      '没有可用的中文字体，无法生成 PDF（可设置 ZS_REPORT_FONT 指向中文字体文件）',
    )
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `交接班记录 ${h.shift}` } })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    if (font.family) doc.font(font.path, font.family)
    else doc.font(font.path)
    const width = doc.page.width - 112

    doc.fontSize(20).text('交接班记录', { align: 'center' })
    doc.moveDown(0.3).fontSize(11).fillColor('#444').text(`班次：${h.shift}`, { align: 'center' }).fillColor('#000')
    if (!h.verified) {
      doc
        .moveDown(0.5)
        .fontSize(12)
        .fillColor('#c00')
        .text(`警告：此记录在签字后被改动过（${h.problem ?? ''}）`)
        .fillColor('#000')
    }
    const heading = (title: string) => {
      doc.moveDown(0.8).fontSize(13).text(title)
      const y = doc.y + 2
      doc
        .moveTo(56, y)
        .lineTo(56 + width, y)
        .lineWidth(0.6)
        .strokeColor('#999')
        .stroke()
      doc.moveDown(0.4).fontSize(10.5)
    }

    heading('交班小结')
    doc.text(h.summary, { width })

    heading('待交接事项')
    const o = h.openItems
    const line = (s: string) => doc.text(`• ${s}`, { width })
    const byStatus = Object.entries(o.openByStatus)
      .map(([s, n]) => `${STATUS[s] ?? s} ${n}`)
      .join('，')
    line(
      `未办结事件 ${Object.values(o.openByStatus).reduce((a, b) => a + b, 0)} 起${byStatus ? `（${byStatus}）` : ''}`,
    )
    line(
      `已超期 ${o.overdue.count} 起${
        o.overdue.items.length
          ? '：' +
            o.overdue.items
              .slice(0, 10)
              .map((e) => e.title)
              .join('；')
          : ''
      }`,
    )
    line(
      `督办中 ${o.supervised.count} 起${
        o.supervised.items.length
          ? '：' +
            o.supervised.items
              .slice(0, 10)
              .map((e) => e.title)
              .join('；')
          : ''
      }`,
    )
    line(`未确认的视频告警 ${o.unconfirmedVideoAlerts.count} 条`)
    line(`未送达的指令 ${o.outbox.pending} 条，被拒绝的指令 ${o.outbox.failed} 条`)
    line(`今日未报零报告：${o.missingZeroReports.length ? o.missingZeroReports.join('、') : '无'}`)
    line(
      `待落实的领导批示 ${o.openInstructions.length} 条${o.openInstructions.length ? '：' + o.openInstructions.map((i) => `${i.instructedBy ?? ''}：${i.text}（时限 ${when(i.dueAt)}）`).join('；') : ''}`,
    )
    line(o.runningDrill ? `演练进行中：${o.runningDrill}` : '无进行中的演练')

    heading('签字')
    const y = doc.y
    const col = width / 2
    doc.text(`交班人：${h.outgoing.displayName}（${h.outgoing.username}）`, 56, y, { width: col - 10 })
    doc.text(`签字时间：${when(h.outgoing.signedAt)}`, 56, doc.y, { width: col - 10 })
    doc.text(`接班人：${h.incoming.displayName}（${h.incoming.username}）`, 56 + col, y, { width: col - 10 })
    doc.text(`签字时间：${when(h.incoming.signedAt)}`, 56 + col, doc.y, { width: col - 10 })
    doc.x = 56
    doc.moveDown(1.5)
    doc.fontSize(8).fillColor('#666')
    doc.text(`记录编号 ${h.id}`, { width })
    doc.text(`内容哈希 SHA-256 ${h.hash}`, { width })
    doc.text(`前一交接哈希 ${h.prevHash}`, { width })
    doc.text(h.verified ? '核验：内容与哈希链一致' : '核验：不一致（疑似篡改）', { width })
    doc.end()
  })
}

export async function dutyLogXlsx(title: string, entries: DutyEntry[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('值班日志')
  ws.addRow([title])
  ws.getRow(1).font = { bold: true, size: 14 }
  ws.addRow(['时间', '班次', '类型', '内容', '记录人', '批示人', '落实时限', '关联事件', '更正', '附件'])
  ws.getRow(2).font = { bold: true }
  for (const e of [...entries].reverse()) {
    ws.addRow([
      when(e.at),
      e.shift,
      TYPE[e.type] ?? e.type,
      e.text,
      e.authorName,
      e.instructedBy ?? '',
      when(e.dueAt) === '—' ? '' : when(e.dueAt),
      e.eventId ?? '',
      e.corrections.map((c) => `${c.authorName} ${when(c.at)} 更正：${c.reason}`).join('\n'),
      // Names and hashes: the files themselves stay in the duty log (and its backups).
      e.attachments.map((a) => `${a.name}（SHA-256 ${a.sha256.slice(0, 16)}…）`).join('\n'),
    ])
  }
  ;[18, 16, 10, 60, 10, 12, 16, 22, 40, 30].forEach((w, i) => (ws.getColumn(i + 1).width = w))
  ws.getColumn(4).alignment = { wrapText: true, vertical: 'top' }
  ws.getColumn(9).alignment = { wrapText: true, vertical: 'top' }
  ws.views = [{ state: 'frozen', ySplit: 2 }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}
