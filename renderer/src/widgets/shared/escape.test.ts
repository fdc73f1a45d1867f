import { describe, expect, it } from 'vitest'
import { escapeHtml } from './escape'
import { escapedAxisTooltip } from './tooltip'

describe('escapeHtml', () => {
  it('escapes markup so it shows literally', () => {
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;')
    expect(escapeHtml(`a & "b" 'c'`)).toBe('a &amp; &quot;b&quot; &#39;c&#39;')
    expect(escapeHtml(null)).toBe('')
  })
})

describe('escapedAxisTooltip', () => {
  it('escapes names, series names and values', () => {
    const html = escapedAxisTooltip([
      { name: '<b>x</b>', seriesName: '<script>', value: '<i>3</i>', marker: '<span style="color:red"></span>' },
    ])
    expect(html).toBe('&lt;b&gt;x&lt;/b&gt;<br/><span style="color:red"></span>&lt;script&gt;：&lt;i&gt;3&lt;/i&gt;')
    expect(html).not.toMatch(/<b>|<script>|<i>/)
  })
  it('drops a marker that is not ECharts markup', () => {
    expect(escapedAxisTooltip({ name: 'a', seriesName: 's', value: 1, marker: '<img src=x>' })).toBe('a<br/>s：1')
  })
})
