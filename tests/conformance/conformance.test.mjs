// socket.io-client's own test suite (copied unchanged into ./upstream), run with socket.io-client
// 4.8 (the reference: everything passes) and with plugwire, in headless Chromium (and node.ts in
// Node). Each client's results must be exactly those expected-failures.json lists: a failure
// not listed, a listed test that passes, or a listed test that does not exist fails this test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compare, describeResults, expectedFailures, runBrowserSuite, runNodeSuite } from "./runner.mjs";

for (const client of ["reference", "plugwire"]) {
  test(`socket.io-client's suite with ${client}: results as expected-failures.json lists`, { timeout: 900_000 }, async (t) => {
    const browser = await runBrowserSuite(client);
    const node = await runNodeSuite(client);
    const results = [...browser.results, ...node.results];
    const count = (s) => results.filter((r) => r.state === s).length;
    t.diagnostic(`${client}: ${results.length} tests, ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`);
    if (node.skipped) t.diagnostic(`node.ts skipped: ${node.skipped}`);
    for (const r of results.filter((r) => r.state !== "passed" || r.attempts > 1)) t.diagnostic(describeResults([r]));
    assert.ok(browser.tests.length > 100, `the suite's browser files define ${browser.tests.length} tests`);
    // node.ts (the autoUnref tests) runs with both clients: each can be required in Node.
    assert.equal(node.skipped, undefined, `node.ts was skipped: ${node.skipped}`);
    assert.equal(node.tests.length, 5, "node.ts defines 5 tests");
    assert.deepEqual(compare(results, await expectedFailures(client)), []);
  });
}
