/**
 * The stylesheet of every page (served at /static/app.css). Plain CSS, no framework: a calm
 * newsroom look, system fonts with full Vietnamese coverage, readable tables, clear state colours.
 */
export const APP_CSS = `
:root {
  --ink: #1b2430; --muted: #5b6776; --line: #dde3ea; --bg: #f4f6f9; --card: #fff;
  --brand: #0b3d6e; --brand-2: #15589c; --accent: #c8102e;
  --ok: #1e7b3c; --ok-bg: #e5f4ea; --warn: #8a5a00; --warn-bg: #fff3d6; --bad: #b3261e; --bad-bg: #fde7e5;
  --info: #1f5fa8; --info-bg: #e6effa; --radius: 8px;
  font-family: "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; font-size: 15px; color: var(--ink);
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); line-height: 1.45; }
a { color: var(--brand-2); }
header.top { background: var(--brand); color: #fff; display: flex; align-items: center; gap: 24px; padding: 0 24px; min-height: 56px; flex-wrap: wrap; }
header.top .brand { font-weight: 700; font-size: 18px; letter-spacing: .2px; color: #fff; text-decoration: none; white-space: nowrap; }
header.top .brand small { display: block; font-weight: 400; font-size: 11px; opacity: .8; }
header.top nav { display: flex; gap: 4px; flex-wrap: wrap; flex: 1; }
header.top nav a { color: #dbe7f5; text-decoration: none; padding: 8px 12px; border-radius: 6px; font-size: 14px; }
header.top nav a:hover { background: rgba(255,255,255,.1); color: #fff; }
header.top nav a.current { background: rgba(255,255,255,.18); color: #fff; font-weight: 600; }
header.top nav a[hidden] { display: none; }
header.top .who { font-size: 13px; color: #dbe7f5; display: flex; gap: 12px; align-items: center; }
header.top .who a, header.top .who button { color: #fff; background: none; border: 1px solid rgba(255,255,255,.35); border-radius: 6px; padding: 4px 10px; font: inherit; cursor: pointer; text-decoration: none; }
main { max-width: 1320px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 24px 0 10px; }
h3 { font-size: 15px; margin: 0 0 8px; }
p.lead { color: var(--muted); margin: 0 0 18px; max-width: 860px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 16px; margin-bottom: 16px; }
.grid { display: grid; gap: 16px; }
.grid.two { grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); }
.grid.assets { grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); }
@media (max-width: 960px) { .grid.two { grid-template-columns: 1fr; } }
table { width: 100%; border-collapse: collapse; background: var(--card); }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; font-size: 14px; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); font-weight: 600; }
code, .mono { font-family: "Noto Sans Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: 13px; }
.hash { font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; color: var(--muted); }
label { display: block; font-size: 13px; color: var(--muted); margin-bottom: 8px; }
label > input, label > select, label > textarea { display: block; width: 100%; margin-top: 3px; }
input, select, textarea { font: inherit; color: var(--ink); border: 1px solid #c5ced8; border-radius: 6px; padding: 6px 8px; background: #fff; }
textarea { min-height: 56px; resize: vertical; width: 100%; }
input:focus, select:focus, textarea:focus { outline: 2px solid #8bb4e0; border-color: var(--brand-2); }
button, .button { font: inherit; font-size: 14px; border: 1px solid var(--brand-2); background: var(--brand-2); color: #fff; border-radius: 6px; padding: 7px 14px; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--brand-2); }
button.danger { background: var(--bad); border-color: var(--bad); }
button.ok { background: var(--ok); border-color: var(--ok); }
button.small { padding: 3px 8px; font-size: 12px; }
button:disabled { opacity: .5; cursor: not-allowed; }
.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.row.spread { justify-content: space-between; }
.filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-end; margin-bottom: 16px; }
.filters label { min-width: 180px; margin: 0; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; background: var(--info-bg); color: var(--info); white-space: nowrap; }
.badge.ok, .badge.ready, .badge.approved, .badge.pass, .badge.done { background: var(--ok-bg); color: var(--ok); }
.badge.warn, .badge.queued, .badge.processing, .badge.uploading, .badge.open, .badge.running, .badge.pending { background: var(--warn-bg); color: var(--warn); }
.badge.bad, .badge.rejected, .badge.failed, .badge.fail, .badge.changes-requested { background: var(--bad-bg); color: var(--bad); }
.badge.waiting, .badge.missing, .badge.aborted { background: #eef0f3; color: var(--muted); }
.notice { border-radius: var(--radius); padding: 10px 14px; margin: 10px 0; font-size: 14px; }
.notice.error { background: var(--bad-bg); color: var(--bad); border: 1px solid #f2b8b5; }
.notice.ok { background: var(--ok-bg); color: var(--ok); border: 1px solid #b5dcc1; }
.notice.warn { background: var(--warn-bg); color: var(--warn); border: 1px solid #f0d58a; }
.notice.info { background: var(--info-bg); color: var(--info); border: 1px solid #bcd3ee; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.asset-card { display: flex; flex-direction: column; gap: 8px; }
.asset-card img.poster, .poster-ph { width: 100%; aspect-ratio: 16/9; object-fit: cover; background: #20262e; border-radius: 6px; display: block; }
.poster-ph { display: flex; align-items: center; justify-content: center; color: #9aa6b4; font-size: 13px; }
.asset-card .name { font-weight: 600; word-break: break-word; }
.facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 13px; margin: 4px 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
ul.warnings { margin: 0; padding-left: 18px; font-size: 13px; color: var(--warn); }
video { width: 100%; background: #000; border-radius: 6px; display: block; }
.timecode { font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; font-size: 22px; font-weight: 600; letter-spacing: 1px; background: #111; color: #7CFC8A; padding: 4px 10px; border-radius: 6px; display: inline-block; }
.shot { display: grid; grid-template-columns: 36px 1fr auto; gap: 10px; align-items: start; padding: 10px; border: 1px solid var(--line); border-radius: 6px; margin-bottom: 8px; background: #fbfcfd; }
.shot.selected { border-color: var(--brand-2); box-shadow: 0 0 0 2px #bcd3ee; }
.shot .num { font-weight: 700; color: var(--muted); text-align: center; padding-top: 4px; }
.shot .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px 10px; }
.shot .fields label { margin: 0; }
.shot .type { font-size: 12px; font-weight: 700; text-transform: uppercase; color: var(--brand-2); grid-column: 1 / -1; }
.shot.changed { border-left: 4px solid var(--accent); }
.shot .actions { display: flex; flex-direction: column; gap: 4px; }
.shot .fields .wide, .shot .wide { grid-column: span 2; }
.shot .type .plain { text-transform: none; font-weight: 400; }
label.flat { margin: 0; }
.editor-top { display: grid; gap: 16px; grid-template-columns: minmax(0, 3fr) minmax(340px, 2fr); margin-bottom: 16px; }
.editor-top > .card { margin-bottom: 0; }
.editor-side { position: relative; min-height: 520px; }
.editor-side-inner { position: absolute; inset: 0; display: flex; flex-direction: column; gap: 10px; }
.editor-side .inspector { flex: 1 1 0; min-height: 0; margin: 0; overflow-y: auto; contain: strict; will-change: transform; }
.editor-side-foot { flex: none; max-height: 45%; overflow-y: auto; contain: layout paint; will-change: transform; }
.editor-side-foot .total { margin: 0; font-size: 14px; padding: 6px 10px; }
.editor-side-foot .actions-row { margin: 8px 0 0; }
.inspector h3 { margin: 0 0 8px; }
.inspector .source video { display: block; width: 100%; max-height: 200px; background: #000; cursor: pointer; }
.inspector .source-scrub { display: block; width: 100%; margin: 4px 0 0; }
.inspector .source-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; flex: 1; }
.inspector .source .row { margin: 4px 0; gap: 8px; }
.inspector .source .timecode { font-size: 16px; padding: 2px 8px; }
@media (max-width: 960px) {
  .editor-top { grid-template-columns: 1fr; }
  .editor-side { min-height: 0; }
  .editor-side-inner { position: static; }
  .editor-side .inspector { flex: none; max-height: 80vh; contain: none; }
}
.actions-row { margin: 12px 0; }
.pl-screen { position: relative; aspect-ratio: 16 / 9; background: #000; border-radius: 6px; overflow: hidden; }
.pl-screen video, .pl-screen .pl-still { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; border-radius: 0; }
.pl-screen [hidden] { display: none; }
.pl-title { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; color: #fff; text-align: center; padding: 24px; background: linear-gradient(#0b3d6e, #061f38); }
.pl-title-text { font-size: 26px; font-weight: 700; }
.pl-title-sub { font-size: 16px; margin-top: 8px; opacity: .85; }
.pl-note { margin: 6px 0; }
.timeline-card { padding: 10px 12px; }
.tl { display: grid; grid-template-columns: 78px minmax(0, 1fr); border: 1px solid var(--line); border-radius: 6px; margin-top: 8px; background: #fbfcfd; user-select: none; }
.tl-heads { border-right: 1px solid var(--line); font-size: 12px; color: var(--muted); }
.tl-head { height: 26px; padding: 4px 6px; border-bottom: 1px solid var(--line); box-sizing: border-box; overflow: hidden; white-space: nowrap; }
.tl-head.ruler { height: 22px; }
.tl-head.picture { height: 58px; }
.tl-scroll { overflow-x: auto; overflow-y: hidden; position: relative; outline: none; will-change: scroll-position; background: #fbfcfd; }
.tl-scroll:focus-visible { box-shadow: inset 0 0 0 2px #bcd3ee; }
.tl-canvas { position: relative; height: 154px; contain: strict; will-change: transform; background: #fbfcfd; }
.tl-ruler { position: absolute; left: 0; right: 0; top: 0; height: 22px; border-bottom: 1px solid var(--line); cursor: text; }
.tl-mark { position: absolute; top: 0; height: 22px; border-left: 1px solid #b8c2cd; padding-left: 3px; font: 10px "DejaVu Sans Mono", monospace; color: var(--muted); white-space: nowrap; }
.tl-lane { position: absolute; left: 0; right: 0; height: 26px; border-bottom: 1px solid var(--line); box-sizing: border-box; }
.tl-picture { top: 22px; height: 58px; }
.tl-lane[data-lane=narration] { top: 80px; }
.tl-lane[data-lane=music] { top: 106px; }
.tl-lane[data-lane=subtitles] { top: 132px; height: 22px; }
.tl-shot { position: absolute; top: 3px; left: 0; height: 50px; box-sizing: border-box; border: 1px solid #2b4257; background: #33475b; color: #fff; overflow: hidden; cursor: grab; contain: strict; }
.source[data-idle] { visibility: hidden; height: 0; overflow: hidden; }
.tl-ripple { position: absolute; left: 0; top: 0; width: 100%; height: 100%; will-change: transform; }
.tl-shot.title { background: #0b3d6e; }
.tl-shot.photo { background: #4b3b5c; }
.tl-shot.selected { border: 2px solid #ffb100; z-index: 2; }
.tl-shot.problem { box-shadow: inset 0 -4px 0 var(--accent); }
.tl-shot.dragging { opacity: .75; z-index: 5; cursor: grabbing; outline: 2px solid #ffb100; will-change: transform; }
.tl-thumbs { position: absolute; inset: 0 0 0 0; display: flex; overflow: hidden; pointer-events: none; }
.tl-thumbs.poster { background-size: auto 100%; background-repeat: repeat-x; }
.tl-tile { flex: 0 0 78px; height: 44px; margin-top: 2px; background-repeat: no-repeat; }
.tl-label { position: absolute; left: 0; bottom: 0; max-width: 100%; box-sizing: border-box; padding: 0 3px; font-size: 11px; line-height: 14px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; background: rgba(0, 0, 0, .6); pointer-events: none; }
.tl-trim { position: absolute; top: 0; bottom: 0; width: 7px; cursor: ew-resize; z-index: 1; }
.tl-trim.head { left: 0; }
.tl-trim.tail { right: 0; }
.tl-shot:hover .tl-trim { background: rgba(255, 177, 0, .55); }
.tl-item { position: absolute; top: 3px; height: 19px; box-sizing: border-box; font-size: 11px; line-height: 17px; padding: 0 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: #fff; cursor: grab; }
.tl-item.music::before, .tl-item.music::after, .tl-item.subtitle::before, .tl-item.subtitle::after { content: ''; position: absolute; top: 0; bottom: 0; width: 6px; cursor: ew-resize; }
.tl-item::before { left: 0; }
.tl-item::after { right: 0; }
.tl-item.narration { background: #1f7a4d; }
button.toggle[aria-pressed=true] { background: #e3eefa; border-color: var(--brand-2); }
.tl-item.music { background: #8a5a00; }
.tl-item.subtitle { top: 2px; height: 17px; background: #e8edf3; color: var(--ink); border: 1px solid #c5cfda; }
.tl-playhead { position: absolute; top: 0; bottom: 0; left: 0; width: 2px; margin-left: -1px; background: var(--accent); pointer-events: none; z-index: 6; }
.tl-drop { position: absolute; top: 22px; height: 58px; left: 0; width: 3px; margin-left: -1px; background: #ffb100; z-index: 6; pointer-events: none; will-change: transform; }
.total { font-size: 16px; font-weight: 600; padding: 10px 14px; border-radius: var(--radius); }
.total.ok { background: var(--ok-bg); color: var(--ok); }
.total.short, .total.long { background: var(--warn-bg); color: var(--warn); }
.cue { display: grid; grid-template-columns: 120px 120px 1fr auto; gap: 8px; align-items: start; padding: 6px 0; border-bottom: 1px dashed var(--line); }
.cue .rules { grid-column: 1 / -1; color: var(--warn); font-size: 12px; }
.cue textarea { min-height: 48px; }
.progress { height: 10px; background: #e3e8ee; border-radius: 999px; overflow: hidden; }
.progress > div { height: 100%; background: var(--brand-2); transition: width .3s; }
.comment { border-left: 3px solid var(--brand-2); padding: 6px 10px; margin-bottom: 10px; background: #fbfcfd; }
.comment.resolved { border-left-color: var(--ok); opacity: .75; }
.comment .meta { font-size: 12px; color: var(--muted); }
.comment .replies { margin-left: 14px; margin-top: 6px; }
.comment .tc { cursor: pointer; color: var(--brand-2); font-family: "DejaVu Sans Mono", monospace; }
.stages { list-style: none; padding: 0; margin: 0; counter-reset: stage; }
.stages li { display: grid; grid-template-columns: 36px 1fr; gap: 10px; padding: 12px 0; border-bottom: 1px solid var(--line); }
.stages li::before { counter-increment: stage; content: counter(stage); width: 28px; height: 28px; border-radius: 50%; background: #e3e8ee; display: flex; align-items: center; justify-content: center; font-weight: 700; color: var(--muted); }
.stages li.approved::before { background: var(--ok); color: #fff; content: "✓"; }
.stages li.changes-requested::before { background: var(--bad); color: #fff; }
.stages li.open::before { background: var(--warn-bg); color: var(--warn); }
.side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.deadline { font-size: 28px; font-weight: 700; }
.stat { display: inline-block; padding: 10px 16px; background: #fff; border: 1px solid var(--line); border-radius: var(--radius); margin: 0 8px 8px 0; min-width: 120px; }
.stat b { display: block; font-size: 22px; }
.signin { max-width: 560px; margin: 40px auto; }
.token-box { font-family: monospace; background: #f0f4f8; padding: 8px; border-radius: 6px; word-break: break-all; }
.uppy-Dashboard-inner { border-radius: var(--radius) !important; }
.meta-form { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 14px; }
.hidden, [hidden] { display: none !important; }
`;
