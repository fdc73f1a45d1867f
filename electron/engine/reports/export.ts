/**
 * The supervision reports as files: xlsx (exceljs) and PDF (pdfkit). A PDF needs a font with
 * Chinese glyphs; pdfkit embeds the subset it uses, so the file opens anywhere. Where the font comes
 * from: `ZS_REPORT_FONT` (a .ttf/.otf, or .ttc with `#PostScriptName`), then `fonts/` in the app's
 * resources (a packaged app ships an OFL-licensed Noto Sans SC there, e.g. through
 * electron-builder's extraResources), then the system's CJK fonts (Noto CJK on Linux, Microsoft
 * YaHei / SimSun on Windows, PingFang on macOS). Without one, PDF export says so; xlsx still works.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import PDFDocument from 'pdfkit'
import { ContractFailure, type MonthlyUnitReport, type WeeklySupervision } from '../../contract'
import { toHallIso } from '../domain/time'

export interface FontChoice {
  path: string
  /** The face inside a .ttc collection. */
  family?: string
}

const SYSTEM_FONTS: FontChoice[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
  { path: 'C:\\Windows\\Fonts\\simsun.ttc', family: 'SimSun' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
]

/** The first font that exists, in the order documented above; null when there is none. */
export function findReportFont(env: NodeJS.ProcessEnv = process.env, resourcesDir?: string): FontChoice | null {
  const configured = env.ZS_REPORT_FONT
  if (configured) {
    const [path, family] = configured.split('#')
    return existsSync(path) ? { path, family } : null
  }
  const dirs = [resourcesDir, (process as { resourcesPath?: string }).resourcesPath, join(process.cwd(), 'resources')]
  for (const dir of dirs) {
    if (!dir) continue
    for (const name of ['NotoSansSC-Regular.otf', 'NotoSansSC-Regular.ttf']) {
      const path = join(dir, 'fonts', name)
      if (existsSync(path)) return { path }
    }
  }
  return SYSTEM_FONTS.find((f) => existsSync(f.path)) ?? null
}

const pct = (r: number | null) => (r === null ? '—' : `${r}%`)
const day = (iso: string | null) => (iso ? toHallIso(Date.parse(iso)).slice(0, 16).replace('T', ' ') : '—')
const REASON: Record<string, string> = { overdue: '超期', supervised: '督办', overdue_supervised: '超期、督办' }
/** Event statuses as the hall names them (glossary in product.md). */
const STATUS: Record<string, string> = {
  reported: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  dispatched: '已派遣',
  returned: '已退回',
  in_progress: '处置中',
  resolved: '已处置',
  visited: '已回访',
  closed: '已办结',
}

interface Table {
  title: string
  subtitle: string
  head: string[]
  rows: (string | number)[][]
  widths: number[]
}

export function weeklyTable(w: WeeklySupervision): Table {
  return {
    title: '一周一督办 · 督办清单',
    subtitle: `${w.from} 至 ${w.to}\u3000共 ${w.items.length} 件\u3000生成于 ${day(w.generatedAt)}`,
    head: ['事件编号', '标题', '承办单位', '乡镇', '状态', '办理时限', '超期（小时）', '督办级别', '原因'],
    rows: w.items.map((i) => [
      i.eventId,
      i.title,
      i.unitName ?? '—',
      i.township ?? '—',
      STATUS[i.status] ?? i.status,
      day(i.deadline),
      i.overdueHours ?? '—',
      i.supervisionLevel ?? '—',
      REASON[i.reason] ?? i.reason,
    ]),
    widths: [22, 40, 20, 10, 12, 18, 12, 10, 10],
  }
}

export function monthlyTable(m: MonthlyUnitReport): Table {
  const row = (name: string, r: MonthlyUnitReport['totals']) => [
    name,
    r.received,
    r.acceptedInTime,
    r.resolvedInTime,
    r.overdue,
    r.visited,
    pct(r.satisfactionRate),
  ]
  return {
    title: `一月一通报 · ${m.month} 各单位办理情况`,
    subtitle: `${m.from} 至 ${m.to}\u3000签收时限 ${m.receiptLimitHours} 小时\u3000生成于 ${day(m.generatedAt)}`,
    head: ['承办单位', '接收', '按时签收', '按期办结', '超期', '回访', '满意率'],
    rows: [...m.rows.map((r) => row(r.unitName ?? r.unitId ?? '（未注明）', r)), row('合计', m.totals)],
    widths: [30, 10, 12, 12, 10, 10, 10],
  }
}

export async function toXlsx(t: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '中枢 Zhongshu'
  const ws = wb.addWorksheet(t.title.slice(0, 31).replace(/[\\/*?:[\]]/g, ' '))
  ws.addRow([t.title]).font = { bold: true, size: 14 }
  ws.addRow([t.subtitle])
  const head = ws.addRow(t.head)
  head.font = { bold: true }
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } }
    c.border = { bottom: { style: 'thin' } }
  })
  for (const r of t.rows) ws.addRow(r)
  t.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w))
  ws.views = [{ state: 'frozen', ySplit: 3 }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export function toPdf(t: Table, font: FontChoice | null): Promise<Buffer> {
  if (!font) {
    throw new ContractFailure(
      'unavailable',
      '没有可用的中文字体，无法生成 PDF（可设置 ZS_REPORT_FONT 指向中文字体文件；xlsx 导出不受影响）',
    )
  }
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: t.title } })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    if (font.family) doc.font(font.path, font.family)
    else doc.font(font.path)
    doc.fontSize(16).text(t.title)
    doc.moveDown(0.3).fontSize(9).fillColor('#555').text(t.subtitle).fillColor('#000')
    doc.moveDown(0.6)
    const width = doc.page.width - 72
    const total = t.widths.reduce((a, b) => a + b, 0)
    const cols = t.widths.map((w) => (w / total) * width)
    const drawRow = (cells: (string | number)[], bold: boolean) => {
      const heights = cells.map((c, i) => doc.heightOfString(String(c), { width: cols[i] - 6 }))
      const h = Math.max(...heights) + 6
      if (doc.y + h > doc.page.height - 36) doc.addPage()
      const y = doc.y
      let x = 36
      if (bold) doc.rect(36, y, width, h).fill('#e6f0ff').fillColor('#000')
      cells.forEach((c, i) => {
        doc.text(String(c), x + 3, y + 3, { width: cols[i] - 6 })
        x += cols[i]
      })
      doc
        .moveTo(36, y + h)
        .lineTo(36 + width, y + h)
        .lineWidth(0.5)
        .strokeColor('#ccc')
        .stroke()
      doc.x = 36
      doc.y = y + h
    }
    doc.fontSize(9)
    drawRow(t.head, true)
    for (const r of t.rows) drawRow(r, false)
    doc.end()
  })
}
