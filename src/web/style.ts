import { CHART, DARK, LIGHT, MEDALS, type Palette } from './palette.js';

const vars = (p: Palette) => Object.entries(p).map(([k, v]) => `--${k}:${v};`).join('');

/** Inter, the images' font, served from /assets/fonts (FONT_ROUTES in server.ts). */
const fontFace = (weight: number) => `@font-face{font-family:Inter;font-style:normal;font-weight:${weight};font-display:swap;src:url(fonts/inter-${weight}.ttf) format("truetype")}`;

/**
 * The one stylesheet, served from /assets (the Content-Security-Policy allows no inline styles). Phone first: one
 * column, wide tables scroll sideways; two columns on wide screens.
 */
export const STYLESHEET = `
${[400, 600, 700].map(fontFace).join('\n')}
:root{${vars(LIGHT)}color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{${vars(DARK)}}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--background);color:var(--text);font:16px/1.5 Inter,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--accent)}
a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
header.top{background:var(--surface);border-bottom:1px solid var(--border)}
header.top .in,main{max-width:1100px;margin:0 auto;padding:0 16px}
header.top .in{display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px;min-height:56px}
.brand{font-weight:700;letter-spacing:.01em}
.brand small{font-weight:400;color:var(--muted);margin-left:6px}
nav.tabs{display:flex;gap:4px;flex-wrap:wrap}
nav.tabs a{padding:6px 12px;border-radius:999px;text-decoration:none;color:var(--text)}
nav.tabs a[aria-current=page]{background:var(--accent);color:var(--surface)}
main{padding-top:20px;padding-bottom:40px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.15rem;margin:0 0 12px}
h3{font-size:1rem;margin:16px 0 8px}
.lead{color:var(--muted);margin:0 0 20px}
.grid{display:grid;gap:16px;grid-template-columns:1fr}
@media (min-width:860px){.grid.two{grid-template-columns:1fr 1fr}.span{grid-column:1/-1}}
.card{background:var(--surface);border:1px solid var(--border);border-radius:14px;padding:16px 18px;min-width:0}
.muted{color:var(--muted)}
.small{font-size:.875rem}
.tiles{display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));margin-bottom:16px}
.tile{background:var(--surface);border:1px solid var(--border);border-radius:14px;padding:12px 14px}
.tile .label{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.tile .value{font-size:1.5rem;font-weight:700}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--border);vertical-align:top}
th{font-size:.8rem;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
tbody th{font-size:1rem;color:var(--text);text-transform:none;letter-spacing:0}
tbody th .small{font-weight:400}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.rank,td.rank{width:4.5em}
.place{display:inline-block;min-width:1.9em;padding:1px 6px;border-radius:999px;text-align:center;font-weight:600}
.place.p1{background:${MEDALS[0]};color:#0f172a}
.place.p2{background:${MEDALS[1]};color:#0f172a}
.place.p3{background:${MEDALS[2]};color:#0f172a}
tr.me td{background:color-mix(in srgb,var(--accent) 12%,transparent);font-weight:600}
.pills{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 12px}
.pills a{padding:4px 12px;border:1px solid var(--border);border-radius:999px;text-decoration:none;color:var(--text);font-size:.9rem}
.pills a[aria-current=true]{background:var(--accent);border-color:var(--accent);color:var(--surface)}
.pager{display:flex;align-items:center;justify-content:space-between;gap:8px;margin-top:12px}
.pager a,.pager span.off{padding:6px 12px;border:1px solid var(--border);border-radius:8px;text-decoration:none}
.pager span.off{color:var(--muted);opacity:.6}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.8rem;border:1px solid var(--border);color:var(--muted)}
.badge.good{color:var(--good);border-color:var(--good)}
.badge.warn{color:var(--warn);border-color:var(--warn)}
.badge.bad{color:var(--bad);border-color:var(--bad)}
.prompt{white-space:pre-line}
ol.options{padding-left:0;list-style:none;margin:8px 0}
ol.options li{display:grid;grid-template-columns:1.6em 1fr;gap:6px;margin:4px 0}
.dist{display:grid;grid-template-columns:minmax(0,1fr) minmax(90px,38%) 4.5em;gap:4px 10px;align-items:center;margin:8px 0}
.dist .opt{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.dist .ok{color:var(--good);font-weight:600}
svg.bar{width:100%;height:10px;display:block}
svg.bar .track{fill:var(--track)}
svg.bar .fill{fill:var(--accent)}
svg.bar .fill.good{fill:var(--good)}
svg.bar .fill.warn{fill:var(--warn)}
svg.bar .fill.bad{fill:var(--bad)}
.charts{background:${CHART.background};color:${CHART.text};border-radius:12px;padding:14px 16px;margin:0 0 10px}
.charts .readiness{margin:0 0 10px;font-weight:600;color:${DARK.accent}}
.chart-grid{display:grid;gap:14px 28px;grid-template-columns:1fr}
@media (max-width:600px){.charts{margin:0 -10px 10px;padding:12px 10px}.card{padding:14px 14px}}
@media (min-width:860px){.chart-grid{grid-template-columns:minmax(0,1.2fr) minmax(0,1fr)}}
.charts figure{margin:0;min-width:0}
.charts figcaption{font-weight:700;margin:0 0 8px;display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap}
.charts figcaption span{font-weight:400;font-size:.85rem;color:${CHART.muted}}
.charts svg{display:block;width:100%;max-width:560px;height:auto;font-family:Inter,system-ui,sans-serif}
.chart-legend{display:flex;flex-wrap:wrap;gap:4px 12px;margin-top:8px;font-size:.8rem;color:${CHART.muted}}
.chart-legend span{display:inline-flex;align-items:center;gap:4px}
.charts svg.swatch{width:12px;height:12px;display:inline-block}
details.as-table summary{cursor:pointer;color:var(--accent);font-size:.9rem}
.cols{display:flex;align-items:flex-end;gap:6px;height:120px;margin-top:8px}
.cols .col{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:flex-end;min-width:0;height:100%}
.cols svg{width:100%;flex:1}
.cols .col span{font-size:.7rem;color:var(--muted);white-space:nowrap}
.cols .col span.v{color:var(--text);font-weight:600}
.cols svg .fill{fill:var(--accent)}
.cols svg .track{fill:var(--track)}
.note{border-left:3px solid var(--border);padding:2px 10px;margin:6px 0;color:var(--muted)}
.buttons{display:flex;flex-wrap:wrap;gap:8px}
.button{display:inline-block;padding:8px 14px;border-radius:10px;background:var(--accent);color:var(--surface);text-decoration:none;font-weight:600}
.button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
.error{max-width:560px;margin:10vh auto;text-align:center}
footer{max-width:1100px;margin:0 auto;padding:0 16px 30px;color:var(--muted);font-size:.8rem}
`;
