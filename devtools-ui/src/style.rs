//! The overlay's stylesheet (inside its shadow root: nothing leaks in or out). Layout follows
//! the panel's own width (container queries), so both docks and a 400 px viewport work.

/// CSS of the overlay.
pub const CSS: &str = r#"
:host { all: initial; }
.panel { --bg: #ffffff; --fg: #1d2330; --muted: #5f6b7a; --line: #dfe3ea; --soft: #f3f5f9;
  --accent: #3056d3; --ok: #17692d; --okbg: #e3f6e8; --warn: #7a4b00; --warnbg: #fff3d6; --err: #9b1c1c; --errbg: #fde8e8;
  --in: #17692d; --out: #3056d3; --sim: #8a4bd1; --error: #b42318;
  position: relative; box-sizing: border-box; height: 100%; display: flex; flex-direction: column; container-type: inline-size;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  border-top: 1px solid var(--line); box-shadow: 0 -6px 24px rgba(20, 30, 50, .12); }
.panel[data-dock="right"] { border-top: 0; border-left: 1px solid var(--line); }
.panel[data-theme="dark"] { --bg: #171b24; --fg: #e6e9ef; --muted: #9aa4b2; --line: #2c3342; --soft: #202635;
  --accent: #7c9cff; --ok: #7ee2a0; --okbg: #173222; --warn: #ffd27a; --warnbg: #3a2e12; --err: #ffb4b4; --errbg: #3a1c1c; --in: #7ee2a0; --out: #8fb0ff; --sim: #d2a8ff; --error: #ff8f8f; }
@media (prefers-color-scheme: dark) {
  .panel[data-theme="system"] { --bg: #171b24; --fg: #e6e9ef; --muted: #9aa4b2; --line: #2c3342; --soft: #202635;
    --accent: #7c9cff; --ok: #7ee2a0; --okbg: #173222; --warn: #ffd27a; --warnbg: #3a2e12; --err: #ffb4b4; --errbg: #3a1c1c; --in: #7ee2a0; --out: #8fb0ff; --sim: #d2a8ff; --error: #ff8f8f; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.resize { position: absolute; z-index: 2; background: transparent; touch-action: none; }
.panel[data-dock="bottom"] .resize { top: -3px; left: 0; right: 0; height: 7px; cursor: ns-resize; }
.panel[data-dock="right"] .resize { left: -3px; top: 0; bottom: 0; width: 7px; cursor: ew-resize; }
.resize:hover, .resize:focus-visible { background: var(--accent); opacity: .5; outline: none; }
header { display: flex; align-items: center; gap: .4rem; padding: .3rem .5rem; border-bottom: 1px solid var(--line); flex-wrap: nowrap; min-width: 0; }
.brand { font-weight: 650; margin-right: .3rem; white-space: nowrap; }
nav { display: flex; gap: .15rem; min-width: 0; }
.tab { border: 1px solid transparent; background: none; color: var(--muted); padding: .25rem .5rem; border-radius: .35rem; cursor: pointer; font: inherit; white-space: nowrap; }
.tab[aria-selected="true"] { color: var(--fg); background: var(--soft); border-color: var(--line); font-weight: 600; }
.spacer { flex: 1; }
.settings { position: relative; }
.settings summary { list-style: none; cursor: pointer; padding: .1rem .45rem; border: 1px solid var(--line); border-radius: .35rem; background: var(--soft); font-size: 1rem; line-height: 1.3; }
.settings summary::-webkit-details-marker { display: none; }
.settings .menu { position: absolute; right: 0; top: calc(100% + 4px); z-index: 3; background: var(--bg); border: 1px solid var(--line); border-radius: .4rem;
  padding: .5rem; display: flex; flex-direction: column; gap: .4rem; box-shadow: 0 6px 24px rgba(20, 30, 50, .18); min-width: 11rem; }
.settings .menu p { margin: 0; font-size: 12px; }
.pref { color: var(--muted); display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
select, input, textarea, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: .35rem; padding: .22rem .45rem; min-width: 0; }
button { cursor: pointer; background: var(--soft); }
button:disabled { opacity: .5; cursor: not-allowed; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); font-weight: 600; padding: .28rem 1rem; }
.panel[data-theme="dark"] button.primary { color: #0d1220; }
button.close { font-size: 1.1rem; line-height: 1; padding: .1rem .5rem; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
main { flex: 1; overflow: auto; padding: .5rem .6rem; min-height: 0; }
.row { display: flex; gap: .45rem; align-items: flex-end; flex-wrap: wrap; margin-bottom: .45rem; }
.field { display: flex; flex-direction: column; gap: .15rem; color: var(--muted); min-width: 0; }
.field.grow, input.grow { flex: 1 1 11rem; }
textarea { width: 100%; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; resize: vertical; }
textarea.invalid { border-color: var(--err); background: var(--errbg); }
.json-error { color: var(--err); min-height: 1.2em; margin: .15rem 0; font-size: 12px; }
.modes { display: flex; gap: .5rem; flex-wrap: wrap; }
.radio { color: var(--muted); display: flex; align-items: center; gap: .25rem; white-space: nowrap; }
.simulator { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: .9rem; align-items: start; }
.outcome { margin: 0 0 .3rem; padding: .35rem .55rem; border-radius: .35rem; min-height: 1.9em; background: var(--soft); color: var(--muted); }
.outcome[data-kind="ok"] { background: var(--okbg); color: var(--ok); }
.outcome[data-kind="warn"] { background: var(--warnbg); color: var(--warn); }
.outcome[data-kind="error"] { background: var(--errbg); color: var(--err); }
.reached { margin: 0 0 .4rem; padding-left: 1.2rem; }
.reached:empty { display: none; }
pre.answer { margin: 0 0 .5rem; padding: .35rem .55rem; background: var(--soft); border-radius: .35rem; font: 12px/1.4 ui-monospace, monospace; max-height: 8rem; overflow: auto; white-space: pre-wrap; }
.note.warn { color: var(--warn); margin: 0 0 .4rem; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid var(--line); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
th { color: var(--muted); font-weight: 500; }
.num { text-align: right; }
col.c-time { width: 6.9rem; } col.c-dir { width: 4.6rem; } col.c-socket { width: 16%; } col.c-event { width: 26%; } col.c-channel { width: auto; } col.c-size { width: 4.6rem; }
@container (max-width: 560px) { .brand { display: none; } }
@container (max-width: 760px) {
  .simulator { grid-template-columns: minmax(0, 1fr); }
  .log th:nth-child(1), tr.entry td:nth-child(1) { padding: 0; font-size: 0; border-bottom-width: 0; }
  col.c-time { width: 0; } col.c-socket { width: 20%; } col.c-event { width: 34%; } col.c-dir { width: 3.6rem; } col.c-size { width: 4.2rem; }
  tr.entry td:nth-child(3), tr.entry td:nth-child(4), tr.entry td:nth-child(5) { white-space: normal; overflow-wrap: anywhere; }
}
@container (max-width: 420px) { .tab { padding: .25rem .35rem; } header { gap: .25rem; } }
tr.entry { cursor: pointer; }
tr.entry:hover, tr.entry[aria-expanded="true"] { background: var(--soft); }
tr.entry td.dir { font-weight: 600; }
tr.entry[data-direction="in"] td.dir { color: var(--in); }
tr.entry[data-direction="out"] td.dir { color: var(--out); }
tr.entry[data-direction="simulated"] td.dir { color: var(--sim); }
tr.entry[data-direction="error"] td.dir { color: var(--error); }
tr.payload > td { white-space: normal; padding: .4rem .5rem .6rem; }
.details .row { align-items: center; }
.tree { font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; max-height: 18rem; overflow: auto; }
.tree summary { cursor: pointer; }
.tree .children { padding-left: 1.1rem; border-left: 1px dotted var(--line); margin-left: .3rem; }
.tree .leaf { padding-left: .95rem; white-space: pre-wrap; word-break: break-word; }
.tree .key { color: var(--muted); }
.tree .str { color: var(--in); } .tree .num { color: var(--out); text-align: left; } .tree .bool, .tree .null { color: var(--sim); }
.toolbar { align-items: center; }
.count { color: var(--muted); white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(22rem, 100%), 1fr)); gap: .7rem; align-items: start; }
.card { border: 1px solid var(--line); border-radius: .45rem; padding: .4rem .6rem; }
.card h3 { margin: 0 0 .3rem; font-size: 13px; display: flex; align-items: center; gap: .5rem; }
.status { display: inline-block; padding: .05rem .6rem; border-radius: 1rem; font-weight: 600; font-size: 12px; }
.status[data-status="connected"] { background: var(--okbg); color: var(--ok); }
.status[data-status="connecting"] { background: var(--soft); color: var(--muted); }
.status[data-status="disconnected"], .status[data-status="unavailable"] { background: var(--errbg); color: var(--err); }
.facts { table-layout: auto; }
.facts th { width: 9.5rem; vertical-align: top; }
.facts td { white-space: normal; word-break: break-word; }
.lists { display: grid; grid-template-columns: minmax(0, 1fr); gap: .6rem; margin-top: .4rem; }
.lists h3 { font-size: 12px; margin: 0 0 .3rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.lists ul { list-style: none; margin: 0; padding: 0; max-height: 9rem; overflow: auto; }
.item { display: flex; gap: .5rem; align-items: center; padding: .15rem 0; border-bottom: 1px solid var(--line); min-width: 0; }
.ellipsis { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; min-width: 0; }
.item .muted, .muted { color: var(--muted); }
.item button { padding: .05rem .45rem; }
button.link { background: none; border: 0; color: var(--accent); text-decoration: underline; padding: 0; }
"#;
