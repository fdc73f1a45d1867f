/**
 * The after-action report as PDF (A4, a CJK font found as for the other reports, a drawn
 * timeline of injects against responses, the per-inject table, the score with its rules, notes,
 * observations and improvement items) and as xlsx (one sheet per part).
 */
import ExcelJS from 'exceljs'
import PDFDocument from 'pdfkit'
import { ContractFailure, formatDrillOffset, type DrillInjectResult, type DrillReport } from '../../contract'
import { findReportFont } from '../reports/export'

const ACTION: Record<string, string> = {
  accept: '受理',
  dispatch: '派遣',
  supervise: '督办',
  reject: '不予受理',
  comment: '备注',
  confirm: '确认告警',
  forward_property: '转物业',
  dismiss: '排除告警',
  record_visit: '回访',
  close: '办结',
  reopen: '重新派遣',
  verify: '核验',
}
const KIND: Record<string, string> = {
  event: '事件',
  video_alert: '视频告警',
  zero_report: '零报告',
  follow_up: '续报',
}
const STATE: Record<string, string> = { running: '进行中', paused: '已暂停', finished: '已结束' }
const sec = (s: number | null) =>
  s === null
    ? '—'
    : s < 60
      ? `${s} 秒`
      : s % 60 === 0
        ? `${s / 60} 分钟`
        : `${Math.floor(s / 60)} 分 ${Math.round(s % 60)} 秒`
const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '—')
export const actionLabel = (a: string) => ACTION[a] ?? a

function expectedText(r: DrillInjectResult): string {
  if (!r.expected) return '—'
  return `${actionLabel(r.expected.action)}${r.expected.unitId ? `→${r.expectedUnitName ?? r.expected.unitId}` : ''}（${sec(r.expected.withinSec)}内）`
}

/** The table of per-inject results, shared by PDF and xlsx. */
export function injectRows(report: DrillReport): string[][] {
  return report.injects.map((r) => [
    r.injectId,
    `T+${formatDrillOffset(r.atMs)}`,
    KIND[r.kind] ?? r.kind,
    r.title,
    expectedText(r),
    sec(r.acceptSec),
    sec(r.dispatchSec),
    r.dispatchedUnitName ?? r.dispatchedUnitId ?? '—',
    r.unitCorrect === null ? '—' : r.unitCorrect ? '正确' : '错误',
    r.publishedMs === null
      ? '未发出'
      : r.pending
        ? '待响应'
        : r.missed
          ? '漏报'
          : r.onTime === null
            ? '—'
            : r.onTime
              ? '按时'
              : '超时',
    r.score === null ? '—' : String(r.score),
  ])
}
const INJECT_HEAD = [
  '编号',
  '时间',
  '类型',
  '注入内容',
  '预期响应',
  '受理用时',
  '派遣用时',
  '派遣单位',
  '单位',
  '结果',
  '得分',
]

/** The per-trainee table, shared by PDF and xlsx. */
export function traineeRows(report: DrillReport): string[][] {
  return report.trainees.map((t) => [
    t.operator,
    String(t.actions),
    String(t.refused),
    String(t.accepts),
    sec(t.avgAcceptSec),
    String(t.dispatches),
    sec(t.avgDispatchSec),
    t.unitExpected ? `${t.unitCorrect}/${t.unitExpected}` : '—',
    `${t.expectedDone}（按时 ${t.onTime}）`,
  ])
}
const TRAINEE_HEAD = [
  '学员',
  '操作数',
  '被拒',
  '首次受理',
  '平均受理用时',
  '首次派遣',
  '平均派遣用时',
  '派遣单位正确',
  '完成预期动作',
]

export function drillReportPdf(report: DrillReport): Promise<Buffer> {
  const font = findReportFont()
  if (!font)
    throw new ContractFailure(
      'unavailable',
      '没有可用的中文字体，无法生成 PDF（可设置 ZS_REPORT_FONT 指向中文字体文件；xlsx 导出不受影响）',
    )
  const { run, score } = report
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 36,
      info: { Title: `演练评估报告 ${run.scenarioName}` },
    })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    if (font.family) doc.font(font.path, font.family)
    else doc.font(font.path)
    const left = 36
    const width = doc.page.width - 72
    const bottom = doc.page.height - 36

    doc.fontSize(18).text('应急演练评估报告', { align: 'center' })
    doc.moveDown(0.2).fontSize(12).text(run.scenarioName, { align: 'center' })
    doc
      .moveDown(0.3)
      .fontSize(9)
      .fillColor('#555')
      .text(
        `演练编号 ${run.id}\u3000组织者 ${run.startedBy}\u3000开始 ${when(run.startedAt)}\u3000结束 ${when(run.endedAt)}\u3000状态 ${STATE[run.state]}\u3000演练时长 ${formatDrillOffset(run.clockMs)}\u3000注入 ${run.publishedCount}/${run.injectCount}`,
        { align: 'center' },
      )
      .fillColor('#000')
    doc.moveDown(0.6)
    doc
      .fontSize(13)
      .text(
        `总分 ${score.total ?? '—'}\u3000评分注入 ${score.scoredInjects}\u3000漏报 ${score.missed}\u3000平均受理 ${sec(score.avgAcceptSec)}\u3000平均派遣 ${sec(score.avgDispatchSec)}\u3000派遣单位正确率 ${score.unitAccuracy === null ? '—' : `${score.unitAccuracy}%`}`,
      )

    // Timeline: one lane per inject; the expected window shaded, the inject a diamond, accept a
    // circle, dispatch a square, a missed inject a red cross at the end of its window.
    doc.moveDown(0.5).fontSize(11).text('时间轴（注入与响应）')
    const lanes = report.injects
    const laneH = 12
    const labelW = 150
    const chartTop = doc.y + 4
    const chartW = width - labelW - 10
    const span = Math.max(
      60_000,
      run.clockMs,
      ...lanes.map(
        (r) =>
          (r.publishedMs ?? r.atMs) + Math.max(r.expected?.withinSec ?? 0, r.dispatchSec ?? 0, r.acceptSec ?? 0) * 1000,
      ),
    )
    const x = (ms: number) => left + labelW + (Math.min(ms, span) / span) * chartW
    doc.fontSize(7)
    for (let t = 0; t <= span; t += Math.max(60_000, Math.ceil(span / 10 / 60_000) * 60_000)) {
      doc
        .moveTo(x(t), chartTop)
        .lineTo(x(t), chartTop + lanes.length * laneH)
        .lineWidth(0.3)
        .strokeColor('#ddd')
        .stroke()
      doc
        .fillColor('#777')
        .text(formatDrillOffset(t), x(t) - 12, chartTop + lanes.length * laneH + 2, { width: 30, lineBreak: false })
    }
    lanes.forEach((r, i) => {
      const y = chartTop + i * laneH + laneH / 2
      doc.fillColor('#333').text(`${r.injectId} ${r.title}`.slice(0, 24), left, y - 4, {
        width: labelW - 4,
        lineBreak: false,
        height: laneH,
      })
      const start = r.publishedMs ?? r.atMs
      if (r.expected && r.publishedMs !== null)
        doc
          .rect(x(start), y - 4, x(start + r.expected.withinSec * 1000) - x(start), 8)
          .fillColor('#dbe8ff')
          .fill()
      doc
        .polygon([x(start), y - 4], [x(start) + 4, y], [x(start), y + 4], [x(start) - 4, y])
        .fillColor(r.publishedMs === null ? '#bbb' : '#1f5fbf')
        .fill()
      if (r.acceptSec !== null)
        doc
          .circle(x(start + r.acceptSec * 1000), y, 3)
          .fillColor('#2e9d57')
          .fill()
      if (r.dispatchSec !== null)
        doc
          .rect(x(start + r.dispatchSec * 1000) - 3, y - 3, 6, 6)
          .fillColor(r.unitCorrect === false ? '#e08a00' : '#116b3a')
          .fill()
      if (r.missed && r.expected) {
        const mx = x(start + r.expected.withinSec * 1000)
        doc
          .moveTo(mx - 3, y - 3)
          .lineTo(mx + 3, y + 3)
          .moveTo(mx + 3, y - 3)
          .lineTo(mx - 3, y + 3)
          .lineWidth(1.2)
          .strokeColor('#d03030')
          .stroke()
      }
    })
    doc.fillColor('#555').fontSize(7)
    doc.text(
      '◆ 注入\u3000● 受理\u3000■ 派遣（橙色：单位错误）\u3000× 漏报\u3000浅蓝：预期时限',
      left,
      chartTop + lanes.length * laneH + 14,
    )
    doc.fillColor('#000')
    doc.x = left
    doc.moveDown(1)

    // The per-inject table.
    const widths = [5, 6, 6, 24, 16, 8, 8, 12, 5, 6, 5]
    const total = widths.reduce((a, b) => a + b, 0)
    const cols = widths.map((w) => (w / total) * width)
    const drawRow = (cells: string[], head: boolean) => {
      doc.fontSize(8)
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i] - 4 }))) + 5
      if (doc.y + h > bottom) doc.addPage()
      const y = doc.y
      if (head) doc.rect(left, y, width, h).fillColor('#e6f0ff').fill()
      let cx = left
      cells.forEach((c, i) => {
        doc
          .fillColor(!head && i === 9 && (c === '漏报' || c === '超时') ? '#c00' : '#000')
          .text(c, cx + 2, y + 2.5, { width: cols[i] - 4 })
        cx += cols[i]
      })
      doc
        .moveTo(left, y + h)
        .lineTo(left + width, y + h)
        .lineWidth(0.4)
        .strokeColor('#ccc')
        .stroke()
      doc.x = left
      doc.y = y + h
    }
    doc.fontSize(11).text('逐条评估')
    doc.moveDown(0.2)
    drawRow(INJECT_HEAD, true)
    for (const r of injectRows(report)) drawRow(r, false)
    doc.fillColor('#000')

    const section = (title: string, lines: string[]) => {
      if (doc.y + 60 > bottom) doc.addPage()
      doc.x = left
      doc.moveDown(0.8).fontSize(11).text(title)
      doc.moveDown(0.2).fontSize(9)
      if (!lines.length) doc.fillColor('#777').text('（无）').fillColor('#000')
      for (const l of lines) doc.text(l, { width })
    }
    section(
      '学员表现（每条注入的首次受理、首次派遣和预期动作记在操作人名下）',
      traineeRows(report).map(
        ([who, actions, refused, accepts, avgAccept, dispatches, avgDispatch, unit, expected]) =>
          `${who}：操作 ${actions}（被拒 ${refused}）；首次受理 ${accepts}，平均 ${avgAccept}；首次派遣 ${dispatches}，平均 ${avgDispatch}；派遣单位正确 ${unit}；完成预期动作 ${expected}`,
      ),
    )
    section(
      '评分规则',
      score.rules.map((r, i) => `${i + 1}. ${r}`),
    )
    section(
      '组织者记录',
      report.notes.map((n) => `T+${formatDrillOffset(n.clockMs)}（${when(n.at)}）${n.author}：${n.text}`),
    )
    section('观察与评价', report.review.observations ? [report.review.observations] : [])
    section(
      '改进事项',
      report.review.improvements.map((t, i) => `${i + 1}. ${t}`),
    )
    section(
      '同一预案历次演练',
      report.history.map(
        (h) =>
          `${when(h.startedAt)}\u3000${h.runId}\u3000得分 ${h.score ?? '—'}\u3000平均受理 ${sec(h.avgAcceptSec)}\u3000平均派遣 ${sec(h.avgDispatchSec)}\u3000漏报 ${h.missed}`,
      ),
    )
    doc.end()
  })
}

export async function drillReportXlsx(report: DrillReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '中枢 Zhongshu'
  const { run, score } = report
  const head = (ws: ExcelJS.Worksheet, cells: string[]) => {
    const row = ws.addRow(cells)
    row.font = { bold: true }
    row.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } }
    })
  }
  const summary = wb.addWorksheet('概况')
  summary.addRow(['应急演练评估报告']).font = { bold: true, size: 14 }
  for (const [k, v] of [
    ['预案', run.scenarioName],
    ['演练编号', run.id],
    ['组织者', run.startedBy],
    ['开始', when(run.startedAt)],
    ['结束', when(run.endedAt)],
    ['演练时长', formatDrillOffset(run.clockMs)],
    ['注入', `${run.publishedCount}/${run.injectCount}`],
    ['总分', score.total ?? '—'],
    ['漏报', score.missed],
    ['平均受理用时（秒）', score.avgAcceptSec ?? '—'],
    ['平均派遣用时（秒）', score.avgDispatchSec ?? '—'],
    ['派遣单位正确率（%）', score.unitAccuracy ?? '—'],
    ['观察与评价', report.review.observations],
  ] as const)
    summary.addRow([k, v])
  summary.addRow([])
  summary.addRow(['评分规则']).font = { bold: true }
  for (const r of score.rules) summary.addRow([r])
  summary.addRow([])
  summary.addRow(['改进事项']).font = { bold: true }
  for (const r of report.review.improvements) summary.addRow([r])
  summary.getColumn(1).width = 22
  summary.getColumn(2).width = 60

  const injects = wb.addWorksheet('逐条评估')
  head(injects, INJECT_HEAD)
  for (const r of injectRows(report)) injects.addRow(r)
  ;[8, 10, 8, 40, 28, 12, 12, 20, 8, 8, 8].forEach((w, i) => (injects.getColumn(i + 1).width = w))

  const actions = wb.addWorksheet('学员操作')
  head(actions, ['时间', '演练时间', '操作人', '动作', '对象', '注入', '单位', '结果'])
  for (const a of report.actions)
    actions.addRow([
      when(a.at),
      formatDrillOffset(a.clockMs),
      a.operator,
      actionLabel(a.action),
      a.targetId,
      a.injectId ?? '—',
      a.unitId ?? '—',
      a.result === 'ok' ? '已接受' : a.result,
    ])
  ;[20, 10, 12, 10, 18, 8, 14, 14].forEach((w, i) => (actions.getColumn(i + 1).width = w))

  const trainees = wb.addWorksheet('学员表现')
  head(trainees, TRAINEE_HEAD)
  for (const r of traineeRows(report)) trainees.addRow(r)
  ;[14, 8, 8, 10, 14, 10, 14, 14, 14].forEach((w, i) => (trainees.getColumn(i + 1).width = w))

  const notes = wb.addWorksheet('组织者记录')
  head(notes, ['时间', '演练时间', '记录人', '内容'])
  for (const n of report.notes) notes.addRow([when(n.at), formatDrillOffset(n.clockMs), n.author, n.text])
  notes.getColumn(4).width = 80

  const history = wb.addWorksheet('历次演练')
  head(history, ['开始', '演练编号', '状态', '得分', '平均受理（秒）', '平均派遣（秒）', '漏报'])
  for (const h of report.history)
    history.addRow([
      when(h.startedAt),
      h.runId,
      STATE[h.state],
      h.score ?? '—',
      h.avgAcceptSec ?? '—',
      h.avgDispatchSec ?? '—',
      h.missed,
    ])
  ;[20, 22, 8, 8, 14, 14, 8].forEach((w, i) => (history.getColumn(i + 1).width = w))
  return Buffer.from(await wb.xlsx.writeBuffer())
}
