// Runs socket.io-client's own test suite (copied unchanged into ./upstream) with a given client:
// the browser files in headless Chromium, bundled with esbuild so that their `import ... from ".."`
// loads the client under test, and the Node-only file (node.ts) with mocha in Node. The results
// are then compared with the checked-in list of expected failures (expected-failures.json).
import { build, transform } from "esbuild";
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { launch } from "../e2e/browser.mjs";
import { startSuiteServer } from "./support/server.mjs";

const HERE = new URL(".", import.meta.url).pathname;
const ROOT = join(HERE, "../..");
const SUITE = join(HERE, "upstream/test");
const require = createRequire(import.meta.url);
const run = promisify(execFile);

/**
 * The clients the suite runs with. `entry` is what the tests' `..` resolves to in the page: the
 * directory `dir` served as /client/, or the module `bundle` bundled to `entry` (socket.io-client's
 * ESM build, as bundlers use it: its minified browser file renames the `_private` members some
 * tests call); `url` stands for the private module `../build/cjs/url`; `node` is what the Node
 * fixtures' `require("../..")` loads.
 */
export const CLIENTS = {
  reference: {
    bundle: join(ROOT, "node_modules/socket.io-client/build/esm/index.js"),
    entry: "/client/socket.io-client.js",
    url: join(ROOT, "node_modules/socket.io-client/build/esm/url.js"),
    node: require.resolve("socket.io-client"),
  },
  plugwire: {
    dir: join(ROOT, "pkg"),
    entry: "/client/index.js",
    url: join(HERE, "support/no-url.mjs"),
    // By name, as a dependency is required: the `require` condition of its exports (node.cjs).
    node: require.resolve("plugwire"),
  },
};

/** Bundles the browser part of the suite (test/index.ts and what it imports) for `client`. */
export async function bundleSuite(client) {
  const c = CLIENTS[client];
  const redirect = {
    name: "conformance-client",
    setup(b) {
      // The package under test, loaded by the page from /client/ (not bundled: plugwire finds
      // its wasm next to its entry).
      b.onResolve({ filter: /^\.\.$/ }, () => ({ path: c.entry, external: true }));
      b.onResolve({ filter: /^\.\.\/build\/cjs\/url$/ }, () => ({ path: c.url }));
      // expect.js assigns to functions' `length`, which throws in strict mode (all of an ES
      // module bundle): the page loads it as a classic script and the bundle takes it from there.
      b.onResolve({ filter: /^expect\.js$/ }, () => ({ path: "expect.js", namespace: "page-global" }));
      b.onLoad({ filter: /.*/, namespace: "page-global" }, () => ({ contents: "module.exports = globalThis.__expectJs;", loader: "js" }));
      b.onResolve({ filter: /^\.\/support\/util$/ }, () => ({ path: join(HERE, "support/util.mjs") }));
      // The suite's package.json maps test/node.ts to nothing in browsers; node.ts runs in Node.
      b.onResolve({ filter: /^\.\/node$/ }, () => ({ path: "node.ts", namespace: "browser-empty" }));
      // @sinonjs/fake-timers requires "util" only when `process` exists, never in a browser.
      b.onResolve({ filter: /^util$/ }, () => ({ path: "util", namespace: "browser-empty" }));
      b.onLoad({ filter: /.*/, namespace: "browser-empty" }, () => ({ contents: "", loader: "js" }));
    },
  };
  const out = await build({
    entryPoints: [join(SUITE, "index.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    define: { global: "globalThis" },
    tsconfigRaw: {},
    plugins: [redirect],
    logLevel: "silent",
  });
  return out.outputFiles[0].text;
}

/**
 * The test page. `?list` only reports the suite's test titles; `?only=TITLE` runs the one test
 * of that full title; without either it runs the whole suite in this page, as upstream does.
 */
const PAGE = (timeout, entry) => `<!doctype html>
<meta charset="utf-8"><link rel="icon" href="data:,"><title>socket.io-client suite</title>
<link rel="stylesheet" href="/mocha/mocha.css"><div id="mocha"></div>
<script src="/mocha/mocha.js"></script>
<script>var module = { exports: {} };</script>
<script src="/expect.js/index.js"></script>
<script>window.__expectJs = module.exports; window.module = undefined;</script>
<script>mocha.setup({ ui: "bdd", timeout: ${timeout} });</script>
<script type="module">
  const params = new URLSearchParams(location.search);
  // One forceNew connection opened, acked and closed with the client under test, as the tests
  // before this one would have done in upstream's single-page run: the test then does not pay
  // for the page's cold start (some race a 50 ms ack timer against a new connection).
  const warmUp = async () => {
    const { io } = await import("${entry}");
    const s = io(location.origin, { forceNew: true });
    try {
      await new Promise((ok, fail) => {
        const t = setTimeout(() => fail(new Error("no ack within 5 s")), 5000);
        s.emit("echo", 0, () => (clearTimeout(t), ok()));
      });
    } finally {
      s.disconnect();
    }
  };
  const all = [];
  const walk = (suite) => { for (const t of suite.tests) all.push(t.fullTitle()); suite.suites.forEach(walk); };
  try {
    await import("/suite.js");
  } catch (e) {
    await window.__suiteEnd({ loadError: String(e && e.stack || e) });
    throw e;
  }
  walk(mocha.suite);
  if (params.has("list")) {
    await window.__suiteEnd({ tests: all });
  } else {
    const only = params.get("only");
    const keep = (suite) => { suite.tests = suite.tests.filter((t) => t.fullTitle() === only); suite.suites.forEach(keep); };
    if (only !== null) {
      keep(mocha.suite);
      try {
        await warmUp();
      } catch (e) {
        await window.__suiteReport({ title: only, state: "failed", ms: 0, error: "warm-up connection before the test: " + e.message });
        await window.__suiteEnd({ tests: all });
        throw e;
      }
    }
    const runner = mocha.run();
    // A failing hook is reported against the test it ran for.
    const report = (test, state, err) => window.__suiteReport({
      title: test.type === "hook" ? test.ctx?.currentTest?.fullTitle() ?? test.fullTitle() : test.fullTitle(),
      state,
      ms: test.duration ?? 0,
      error: err ? (test.type === "hook" ? test.title + ": " : "") + String(err.message ?? err) : undefined,
    });
    runner.on("pass", (t) => report(t, "passed"));
    runner.on("fail", (t, err) => report(t, "failed", err));
    runner.on("pending", (t) => report(t, "skipped"));
    runner.on("end", () => window.__suiteEnd({ tests: all }));
  }
</script>`;

/** Resolves, or rejects after `ms` with an error naming `step`. */
function deadline(promise, ms, step) {
  let timer;
  const late = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${step}: no result within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Opens the test page with `query` in a fresh page; resolves with { tests, reports }. */
async function runPage(context, origin, query, ms, step) {
  const p = await context.newPage();
  try {
    const reports = [];
    let end;
    const ended = new Promise((ok) => (end = ok));
    await p.exposeFunction("__suiteReport", (r) => reports.push(r));
    await p.exposeFunction("__suiteEnd", (r) => end(r));
    await p.goto(origin + "/" + query, { timeout: 15_000 });
    const { loadError, tests } = await deadline(ended, ms, step);
    if (loadError) throw new Error(`${step}: the suite did not load: ${loadError}`);
    return { tests, reports };
  } finally {
    await p.close();
  }
}

/**
 * One result per test: a test reported more than once (mocha reports an error thrown after a
 * test ended, e.g. a second done(), against that test again) keeps every error and fails.
 */
function merge(tests, reports) {
  const byTitle = new Map();
  for (const r of reports) {
    const seen = byTitle.get(r.title);
    if (!seen) byTitle.set(r.title, { ...r });
    else if (r.state === "failed") {
      seen.error = seen.state === "failed" ? `${seen.error}; then: ${r.error}` : r.error;
      seen.state = "failed";
    }
  }
  return tests.map((title) => byTitle.get(title) ?? { title, state: "failed", ms: 0, error: "never ran (a hook failed before it)" });
}

/**
 * Runs the browser files of the suite with `client` in headless Chromium. By default each test
 * runs alone in a fresh page (`isolated`), so that what a failing test leaves behind (open
 * sockets, timers, a throwing listener) cannot fail the next one; `isolated: false` runs the
 * whole suite in one page, as upstream does. A failing test is run again, up to `attempts` times
 * in all (some upstream tests race a 50 ms timer against a fresh connection): it passes if one
 * attempt passes (`attempts` says how many it took), so a test listed as failing must fail every
 * time. Returns { tests: [title], results: [{ title, state,
 * ms, error }] }; a test that never reported is failed, so nothing can disappear silently.
 */
export async function runBrowserSuite(client, { timeout = 5000, isolated = true, attempts = 3, onResult } = {}) {
  const c = CLIENTS[client];
  const files = {
    "/": { type: "text/html", body: PAGE(timeout, c.entry) },
    "/suite.js": { type: "text/javascript", body: await bundleSuite(client) },
  };
  const dirs = [
    ["/mocha/", join(ROOT, "node_modules/mocha")],
    ["/expect.js/", join(ROOT, "node_modules/expect.js")],
  ];
  if (c.bundle) {
    const out = await build({ entryPoints: [c.bundle], bundle: true, write: false, format: "esm", platform: "browser", logLevel: "silent" });
    files[c.entry] = { type: "text/javascript", body: out.outputFiles[0].text };
  } else {
    dirs.push(["/client/", c.dir]);
  }
  const server = await startSuiteServer({ files, dirs });
  // "localhost", as in the suite's own BASE_URL; the server listens on 127.0.0.1.
  const origin = `http://localhost:${server.port}`;
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const { tests } = await runPage(context, origin, "?list", 30_000, `listing the suite's tests with ${client}`);
    const duplicates = tests.filter((t, i) => tests.indexOf(t) !== i);
    if (duplicates.length) throw new Error(`two tests share a title: ${duplicates.join(", ")}`);
    if (!isolated) {
      const { reports } = await runPage(context, origin, "", tests.length * (timeout + 2000), `the suite with ${client}`);
      return { tests, results: merge(tests, reports) };
    }
    const results = [];
    for (const title of tests) {
      let result;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const step = `"${title}" with ${client} (attempt ${attempt})`;
        const { reports } = await runPage(context, origin, "?only=" + encodeURIComponent(title), timeout + 15_000, step);
        const [r] = merge([title], reports);
        r.attempts = attempt;
        if (result?.state === "failed" && r.state === "failed" && r.error !== result.error) r.error = `${result.error} | attempt ${attempt}: ${r.error}`;
        result = r;
        if (r.state !== "failed") break;
      }
      results.push(result);
      onResult?.(result);
    }
    return { tests, results };
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Runs node.ts (the autoUnref tests) with mocha in Node, with `client` as the package its
 * fixtures `require("../..")`. Its fixtures connect to port 3210, as written upstream, so the
 * suite's server listens there for the run. When the client cannot be required in Node, every
 * test is reported as skipped with that reason.
 */
export async function runNodeSuite(client, { timeout = 10_000 } = {}) {
  const root = await mkdtemp(join(tmpdir(), `conformance-${client}-`));
  try {
    await writeFile(join(root, "package.json"), JSON.stringify({ type: "commonjs", private: true }));
    await writeFile(join(root, "index.js"), `module.exports = require(${JSON.stringify(CLIENTS[client].node)});\n`);
    await cp(join(SUITE, "fixtures"), join(root, "test/fixtures"), { recursive: true });
    const { code } = await transform(await readFile(join(SUITE, "node.ts"), "utf8"), { loader: "ts", format: "cjs" });
    await writeFile(join(root, "test/node.js"), code);

    const mocha = join(ROOT, "node_modules/mocha/bin/mocha.js");
    // node.ts skips itself under WebdriverIO (WDIO_WORKER_ID set).
    const nodeEnv = { ...process.env };
    delete nodeEnv.WDIO_WORKER_ID;
    // The "autoUnref: false" test kills the shell its fixture runs in, not the fixture, which
    // then retries its connection for ever: once mocha has reported, the fixtures of this run
    // (found by their unique directory) are stopped by process id.
    const stopFixtures = async () => {
      for (const pid of await readdir("/proc").catch(() => [])) {
        if (!/^\d+$/.test(pid)) continue;
        const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
        if (cmd.includes(join(root, "test/fixtures"))) process.kill(Number(pid), "SIGKILL");
      }
    };
    const mochaRun = (...flags) =>
      new Promise((ok) => {
        const args = [mocha, "--reporter", "json", "--timeout", String(timeout), ...flags, "test/node.js"];
        execFile(process.execPath, args, { cwd: root, timeout: 120_000, env: nodeEnv }, (error, stdout, stderr) => {
          // mocha exits non-zero when a test fails; the JSON report says which
          stopFixtures().then(() => ok({ stdout, stderr, message: error?.message }));
        });
      });
    const parse = (out, step) => {
      try {
        return JSON.parse(out.stdout);
      } catch {
        throw new Error(`${step}: mocha printed no JSON report (${out.stderr || out.message})`);
      }
    };

    const loads = await run(process.execPath, ["-e", "require('./index.js'); process.exit(0)"], { cwd: root, timeout: 30_000 }).then(
      () => null,
      (e) => String(e.stderr || e.message).split("\n").find((l) => /Error/.test(l)) ?? "cannot be required",
    );
    if (loads) {
      const listed = parse(await mochaRun("--dry-run"), "listing node.ts");
      const reason = `${client} cannot be required in Node yet: ${loads.trim()}`;
      const results = listed.tests.map((t) => ({ title: t.fullTitle, state: "skipped", ms: 0, error: reason }));
      return { tests: results.map((r) => r.title), results, skipped: reason };
    }

    const server = await startSuiteServer({ port: 3210 }).catch((e) => {
      throw new Error(`node.ts needs port 3210 (its fixtures connect there): ${e.message}`);
    });
    try {
      const report = parse(await mochaRun(), "running node.ts");
      const failed = new Map(report.failures.map((t) => [t.fullTitle, t.err?.message ?? "failed"]));
      const pending = new Set(report.pending.map((t) => t.fullTitle));
      const results = report.tests.map((t) => ({
        title: t.fullTitle,
        state: failed.has(t.fullTitle) ? "failed" : pending.has(t.fullTitle) ? "skipped" : "passed",
        ms: t.duration ?? 0,
        error: failed.get(t.fullTitle),
      }));
      for (const [title, error] of failed) {
        if (!results.some((r) => r.title === title)) results.push({ title, state: "failed", ms: 0, error });
      }
      return { tests: report.tests.map((t) => t.fullTitle), results };
    } finally {
      await server.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export const EXPECTED = join(HERE, "expected-failures.json");

/** The expected failures of `client`: a Map from test title to { scope, reason }. */
export async function expectedFailures(client) {
  const all = JSON.parse(await readFile(EXPECTED, "utf8"));
  const list = all[client] ?? [];
  const map = new Map();
  for (const e of list) {
    if (map.has(e.test)) throw new Error(`expected-failures.json lists "${e.test}" twice for ${client}`);
    if (!["private", "issue"].includes(e.scope) || !e.reason) {
      throw new Error(`expected-failures.json: "${e.test}" needs a scope ("private" or "issue") and a reason`);
    }
    map.set(e.test, e);
  }
  // Tests whose outcome depends on the machine's speed (an ack deadline shorter than a loaded
  // 2-core CI machine can keep): either outcome is accepted for both clients, and reported.
  for (const e of all.timing ?? []) {
    if (!e.test || !e.reason) throw new Error(`expected-failures.json: timing entry "${e.test}" needs a reason`);
    map.set(e.test, { ...e, scope: "timing" });
  }
  return map;
}

/**
 * Compares `results` with the expected failures: a failure not listed, a listed test that
 * passes, and a listed test that does not exist (or did not run) are all problems.
 */
export function compare(results, expected) {
  const problems = [];
  const byTitle = new Map();
  for (const r of results) {
    if (byTitle.has(r.title)) problems.push(`two tests are titled "${r.title}"`);
    byTitle.set(r.title, r);
  }
  for (const r of results) {
    const e = expected.get(r.title);
    if (e?.scope === "timing") continue;
    if (r.state === "failed" && !e) problems.push(`unexpected failure: "${r.title}": ${r.error}`);
    if (r.state === "passed" && e) problems.push(`listed as failing but passes (remove it from the list): "${r.title}"`);
  }
  for (const [title] of expected) {
    const r = byTitle.get(title);
    if (!r) problems.push(`listed but no such test: "${title}"`);
    else if (r.state === "skipped") problems.push(`listed but skipped: "${title}"`);
  }
  return problems;
}

/** One line per result, for logs and for the failure list. */
export function describeResults(results) {
  const line = (r) => `${r.state.padEnd(7)} ${r.title}${r.attempts > 1 ? ` (attempt ${r.attempts})` : ""}${r.error ? `  -- ${r.error.split("\n")[0]}` : ""}`;
  return results.map(line).join("\n");
}

