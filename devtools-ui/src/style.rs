//! The overlay's stylesheet (inside its shadow root: nothing leaks in or out).

/// CSS of the overlay.
pub const CSS: &str = r#"
:host { all: initial; }
.panel { --bg: #ffffff; --fg: #1d2330; --muted: #5f6b7a; --line: #dfe3ea; --soft: #f3f5f9;
  --accent: #3056d3; --ok: #17692d; --okbg: #e3f6e8; --err: #9b1c1c; --errbg: #fde8e8;
  --in: #17692d; --out: #3056d3; --sim: #8a4bd1; --error: #b42318;
  box-sizing: border-box; height: 100%; display: flex; flex-direction: column;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  border-top: 1px solid var(--line); box-shadow: 0 -6px 24px rgba(20, 30, 50, .12); }
.panel[data-dock="right"] { border-top: 0; border-left: 1px solid var(--line); }
.panel[data-theme="dark"] { --bg: #171b24; --fg: #e6e9ef; --muted: #9aa4b2; --line: #2c3342; --soft: #202635;
  --accent: #7c9cff; --ok: #7ee2a0; --okbg: #173222; --err: #ffb4b4; --errbg: #3a1c1c; --in: #7ee2a0; --out: #8fb0ff; --sim: #d2a8ff; --error: #ff8f8f; }
@media (prefers-color-scheme: dark) {
  .panel[data-theme="system"] { --bg: #171b24; --fg: #e6e9ef; --muted: #9aa4b2; --line: #2c3342; --soft: #202635;
    --accent: #7c9cff; --ok: #7ee2a0; --okbg: #173222; --err: #ffb4b4; --errbg: #3a1c1c; --in: #7ee2a0; --out: #8fb0ff; --sim: #d2a8ff; --error: #ff8f8f; }
}
* { box-sizing: border-box; }
header { display: flex; align-items: center; gap: .5rem; padding: .35rem .6rem; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.brand { font-weight: 650; margin-right: .5rem; }
nav { display: flex; gap: .25rem; }
.tab { border: 1px solid transparent; background: none; color: var(--muted); padding: .25rem .6rem; border-radius: .35rem; cursor: pointer; font: inherit; }
.tab[aria-selected="true"] { color: var(--fg); background: var(--soft); border-color: var(--line); font-weight: 600; }
.spacer { flex: 1; }
.pref { color: var(--muted); }
select, input, textarea, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: .35rem; padding: .25rem .45rem; }
button { cursor: pointer; background: var(--soft); }
button:disabled { opacity: .5; cursor: not-allowed; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); font-weight: 600; padding: .3rem 1rem; }
button.close { font-size: 1.1rem; line-height: 1; padding: .1rem .5rem; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
main { flex: 1; overflow: auto; padding: .6rem; }
.row { display: flex; gap: .5rem; align-items: flex-end; flex-wrap: wrap; margin-bottom: .5rem; }
.field { display: flex; flex-direction: column; gap: .2rem; color: var(--muted); }
.field.grow, input.grow { flex: 1; min-width: 12rem; }
textarea { width: 100%; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; resize: vertical; }
textarea.invalid { border-color: var(--err); background: var(--errbg); }
.json-error { color: var(--err); min-height: 1.2em; margin: .2rem 0; font-size: 12px; }
.radio { color: var(--muted); display: flex; align-items: center; gap: .25rem; }
.outcome { margin: .4rem 0 0; padding: .35rem .55rem; border-radius: .35rem; min-height: 1.9em; }
.outcome[data-kind="ok"] { background: var(--okbg); color: var(--ok); }
.outcome[data-kind="error"] { background: var(--errbg); color: var(--err); }
.note.warn { color: var(--err); margin: 0 0 .4rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .2rem .45rem; border-bottom: 1px solid var(--line); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 28rem; }
th { color: var(--muted); font-weight: 500; }
tr.entry { cursor: pointer; }
tr.entry:hover { background: var(--soft); }
tr.entry td.dir { font-weight: 600; }
tr.entry[data-direction="in"] td.dir { color: var(--in); }
tr.entry[data-direction="out"] td.dir { color: var(--out); }
tr.entry[data-direction="simulated"] td.dir { color: var(--sim); }
tr.entry[data-direction="error"] td.dir { color: var(--error); }
tr.payload pre { margin: 0; white-space: pre-wrap; font: 12px/1.45 ui-monospace, monospace; max-height: 16rem; overflow: auto; }
.count { color: var(--muted); }
.status { display: inline-block; padding: .2rem .7rem; border-radius: 1rem; font-weight: 600; margin: 0 0 .6rem; }
.status[data-status="connected"] { background: var(--okbg); color: var(--ok); }
.status[data-status="connecting"] { background: var(--soft); color: var(--muted); }
.status[data-status="disconnected"], .status[data-status="unavailable"] { background: var(--errbg); color: var(--err); }
.facts th { width: 12rem; }
.lists { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin-top: .6rem; }
.lists h3 { font-size: 12px; margin: 0 0 .3rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.lists ul { list-style: none; margin: 0; padding: 0; max-height: 10rem; overflow: auto; }
.item { display: flex; gap: .5rem; align-items: center; padding: .15rem 0; border-bottom: 1px solid var(--line); }
.item .muted, .muted { color: var(--muted); }
.item button { padding: .05rem .45rem; }
button.link { background: none; border: 0; color: var(--accent); text-decoration: underline; padding: 0; }
.facts td { white-space: normal; word-break: break-word; }
"#;
