// Received payloads, which the JavaScript host parses (the core reads only packet headers):
// every malformed payload closes the connection with "parse error" exactly when and how
// socket.io-client's decoder closes it, over WebSocket and over long-polling (where packets
// share a payload), and a well-formed one arrives intact, whatever its size. A scripted
// Engine.IO peer sends each case; plugwire and socket.io-client must log the same events.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startReferenceServer } from "../servers/reference.mjs";
import { startScripted } from "../servers/scripted.mjs";
import { openBrowser, both, run } from "./harness.mjs";

const T = { timeout: 60_000 };
let server;
let browser;
let context;

before(async () => {
  server = await startReferenceServer();
  ({ browser, context } = await openBrowser());
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Connects to the peer, logs every event until "after" arrives or the connection closes. */
async function scenario({ io, url, transports }) {
  const s = io(url, { forceNew: true, transports, reconnection: false });
  const log = [];
  const plain = (v) => (v instanceof Error ? `Error: ${v.message}${v.data !== undefined ? ` ${JSON.stringify(v.data)}` : ""}` : T.plain(v));
  s.on("connect", () => log.push(["connect"]));
  s.on("connect_error", (e) => log.push(["connect_error", plain(e)]));
  s.on("disconnect", (reason, d) => log.push(["disconnect", reason, d instanceof Error ? "Error" : d]));
  s.io.on("error", (e) => log.push(["manager error", e.message]));
  s.onAny((...args) => log.push(["event", ...args.map(plain)]));
  await T.until(() => log.some(([ev, name]) => (ev === "event" && name === "after") || ev === "disconnect" || ev === "connect_error"));
  // What follows the outcome in the same input (packets decoded before a parse error are
  // delivered in microtasks) has run by the next task.
  await new Promise((ok) => setTimeout(ok, 0));
  // After a refused CONNECT the peer's "after" comes in a frame of its own, which a loaded
  // machine may deliver a task later: it is buffered (the socket is not connected), not emitted.
  if (log.at(-1)?.[0] === "connect_error") await T.until(() => s.receiveBuffer.length > 0, 500).catch(() => {});
  const buffered = s.receiveBuffer.length;
  s.disconnect();
  return { log: log.filter(([ev, reason]) => !(ev === "disconnect" && reason === "io client disconnect")), buffered };
}

const CASES = [
  ["malformed JSON", ['42["broken"'], "parse error"],
  ["an event payload that is not an array", ['42{"a":1}'], "parse error"],
  ["an event name that is neither a string nor a number", ["42[{}]", "42[null]"], "parse error"],
  ["an empty event", ["42[]"], "parse error"],
  ["a reserved event name", ['42["disconnect","x"]'], "parse error"],
  ["a numeric event name", ['42[7,"seven"]'], "after"],
  ["an ack payload that is not an array", ["430{}"], "parse error"],
  ["a CONNECT_ERROR payload of the wrong shape", ["44[1]"], "parse error"],
  ["a placeholder that names no attachment", ['451-["bin",{"_placeholder":true,"num":3}]', Buffer.from([1, 2])], "parse error"],
  ["an attachment nobody announced", [Buffer.from([9])], "parse error"],
  ["text while attachments are awaited", ['451-["bin",{"_placeholder":true,"num":0}]', '42["early"]'], "parse error"],
  ["a bad packet between two good ones", ['42["one",1]', '42["bad"', '42["two",2]'], "parse error"],
  ["good packets, escapes and binary", ['42["caf\\u00e9",{"k":"\\"q\\""},"😀"]', '452-["bin",{"_placeholder":true,"num":1},{"n":{"_placeholder":true,"num":0}}]', Buffer.from([1]), Buffer.from([2, 3])], "after"],
  // Longer than the head the core is passed (the host maps the payload back, per packet).
  ["long packets among short ones", [`42["long",${JSON.stringify("é😀 ".repeat(40))},{"k":[1,2]}]`, '42["short"]', `431[${JSON.stringify("x".repeat(80))}]`, `42/other,["${"n".repeat(70)}"]`], "after"],
  ["a long malformed packet after long good ones", [`42["a",${JSON.stringify("😀".repeat(50))}]`, `42["b","${"y".repeat(90)}"`, `42["c","${"z".repeat(90)}"]`], "parse error"],
  ["a long event payload that is not an array", [`42{"a":"${"v".repeat(90)}","b":[1]}`], "parse error"],
];

for (const transports of [["websocket"], ["polling"]]) {
  for (const [what, frames, outcome] of CASES) {
    test(`${transports[0]}: ${what} → ${outcome}`, T, async () => {
      const peer = await startScripted({ frames });
      try {
        const r = await both(context, server.url, scenario, { url: peer.url, transports });
        assert.deepEqual(r.plugwire, r.reference);
        // (Over polling the namespace's CONNECT shares the payload: socket.io-client delivers it
        // after the parse error has closed the connection, and plugwire does the same.)
        const seen = r.reference.log.map((e) => JSON.stringify(e));
        if (outcome === "after") assert.deepEqual(r.reference.log.at(-1), ["event", "after"]);
        else assert.ok(seen.includes('["disconnect","parse error","Error"]'), seen.join(" "));
        assert.ok(!seen.includes('["event","after"]') || outcome === "after", seen.join(" "));
      } finally {
        await peer.close();
      }
    });
  }
}

for (const [what, connect] of [
  ["not an object", "40[1]"],
  ["a string", '40"x"'],
  ["malformed", '40{"sid":'],
  ["an object without sid", '40{"nosid":1}'],
]) {
  test(`a CONNECT payload that is ${what}`, T, async () => {
    const peer = await startScripted({ frames: [], connect });
    try {
      const r = await both(context, server.url, scenario, { url: peer.url, transports: ["websocket"] });
      assert.deepEqual(r.plugwire, r.reference);
      assert.ok(r.reference.log.length > 0);
    } finally {
      await peer.close();
    }
  });
}

/** Records the page's WebAssembly memories (the core's exports one). */
const RECORD_WASM_MEMORY = () => {
  window.__memories = [];
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Instance, {
    construct: (C, args) => {
      const instance = new C(...args);
      for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) window.__memories.push(v);
      return instance;
    },
  });
};

for (const transport of ["websocket", "polling"]) test(`${transport}: a 64 MB event arrives whole, and grows the wasm memory by a few hundred KiB at most`, { timeout: 120_000 }, async () => {
  const big = "x".repeat(64 * 1024 * 1024);
  const peer = await startScripted({ frames: [`42["big","${big}",{"n":1}]`] });
  const page = await context.newPage();
  await page.addInitScript(RECORD_WASM_MEMORY);
  await page.goto(server.url + "/");
  try {
    const r = await run(page, "plugwire", async ({ io, url, transport }) => {
      const wasm = () => window.__memories.reduce((n, m) => n + m.buffer.byteLength, 0);
      const before = wasm();
      const s = io(url, { forceNew: true, transports: [transport], reconnection: false });
      const [len, last] = await new Promise((ok) => s.on("big", (v, o) => ok([v.length, o])));
      const grown = wasm() - before;
      s.disconnect();
      return { len, last, grown, memories: window.__memories.length };
    }, { url: peer.url, transport });
    assert.equal(r.memories, 1);
    assert.equal(r.len, 64 * 1024 * 1024);
    assert.deepEqual(r.last, { n: 1 });
    assert.ok(r.grown <= 512 * 1024, `wasm memory grew by ${r.grown} bytes`);
  } finally {
    await page.close();
    await peer.close();
  }
});
