// node tests/conformance/run.mjs [--client=reference|plugwire] [--browser-only|--node-only]
//   [--one-page] [--attempts=N] [--timeout=ms] [--failures=FILE]
// Runs socket.io-client's own suite with each client, prints every result and what differs from
// expected-failures.json, and exits non-zero when anything does. --failures writes the failing
// tests with their errors to FILE (the current work list). --one-page runs the browser files in
// one page, as upstream does, instead of one fresh page per test.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { compare, describeResults, expectedFailures, runBrowserSuite, runNodeSuite } from "./runner.mjs";

const { values: opts } = parseArgs({
  options: {
    client: { type: "string" },
    "browser-only": { type: "boolean" },
    "node-only": { type: "boolean" },
    "one-page": { type: "boolean" },
    attempts: { type: "string", default: "3" },
    timeout: { type: "string", default: "5000" },
    failures: { type: "string" },
  },
});
const clients = opts.client ? [opts.client] : ["reference", "plugwire"];
let bad = 0;
const lines = [];
for (const client of clients) {
  const expected = await expectedFailures(client);
  const results = [];
  if (!opts["node-only"]) results.push(...(await runBrowserSuite(client, { timeout: Number(opts.timeout), isolated: !opts["one-page"], attempts: Number(opts.attempts) })).results);
  if (!opts["browser-only"]) results.push(...(await runNodeSuite(client)).results);
  const count = (s) => results.filter((r) => r.state === s).length;
  console.log(`\n=== ${client}: ${results.length} tests, ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`);
  console.log(describeResults(results));
  // The partial runs cannot see the listed tests of the other half.
  const ran = new Set(results.map((r) => r.title));
  const relevant = opts["node-only"] || opts["browser-only"] ? new Map([...expected].filter(([t]) => ran.has(t))) : expected;
  const problems = compare(results, relevant);
  for (const p of problems) console.log(`PROBLEM (${client}): ${p}`);
  bad += problems.length;
  for (const r of results.filter((r) => r.state !== "passed")) {
    const e = expected.get(r.title);
    lines.push(`${client}\t${r.state}\t${e ? e.scope : "UNLISTED"}\t${r.title}\t${e ? e.reason : ""}\t${(r.error ?? "").split("\n")[0]}`);
  }
}
const header = "client\tstate\tscope\ttest\treason\terror";
if (opts.failures) await writeFile(opts.failures, [header, ...lines].join("\n") + "\n");
console.log(bad ? `\n${bad} problem(s) against expected-failures.json` : "\nall results as expected-failures.json says");
process.exit(bad ? 1 : 0);
