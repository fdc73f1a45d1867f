/** The wall's dark palette and type scale (design canvas pixels; 1080p design → ≥ 18 px text). */
export const WALL_THEME = {
  text: '#e6f1ff',
  textMuted: '#9fb6d4',
  axisLine: '#2d4f7a',
  splitLine: 'rgba(120, 160, 210, 0.16)',
  accent: '#3fd0ff',
  accentArea: ['rgba(63, 208, 255, 0.45)', 'rgba(63, 208, 255, 0.02)'] as const,
  tooltipBackground: 'rgba(6, 26, 51, 0.92)',
  tooltipBorder: '#3fd0ff',
  fontFamily: '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif',
  fontSize: {
    axis: 20,
    label: 22,
    tooltip: 20,
  },
} as const

export type WallTheme = typeof WALL_THEME

/** The minimum text size on wall pages at the 1080p design size. */
export const WALL_MIN_FONT_PX = 18
