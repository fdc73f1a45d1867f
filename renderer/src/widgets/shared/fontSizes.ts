/** Every `fontSize` set anywhere in an ECharts option (tests check them against the wall minimum). */
export function fontSizesIn(option: unknown): number[] {
  const out: number[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'fontSize' && typeof x === 'number') out.push(x)
        else walk(x)
      }
    }
  }
  walk(option)
  return out
}
