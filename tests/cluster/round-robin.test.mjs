// A cluster behind nginx's default round-robin upstream, without stickiness: long-polling cannot
// work there (each request of a session may reach a worker that does not hold it) and websocket-
// only can. plugwire must fail, and succeed, exactly as socket.io-client does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, both, openClusterBrowser } from "./cluster.mjs";

const T = { timeout: 40_000 };
let cluster;
let browser;
let context;

before(async () => {
  [cluster, { browser, context }] = await Promise.all([startCluster({ adapter: "streams", balance: "round-robin" }), openClusterBrowser()]);
});
after(async () => {
  await browser?.close();
  await cluster?.close();
});

/**
 * Two connection attempts over long-polling through round robin, every socket and manager event
 * recorded with its arguments (errors as their fields, `context` as the response's status and
 * text). nginx goes round two workers: the handshake reaches w1, the CONNECT packet's POST w2 (a
 * 400, "Session ID unknown"), the long-poll GET w1 again, so the POST is the request that fails.
 * Behind three workers the POST and the GET would both fail and which 400 is read first a race.
 */
const pollingAttempts = async ({ io, url }) => {
  // 500 ms between attempts: the third one cannot start before the scenario has stopped.
  const s = io(url, { forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 500, randomizationFactor: 0 });
  const log = [];
  const plain = (e) =>
    e instanceof Error
      ? {
          error: e.message,
          type: e.type,
          description: e.description,
          context: e.context === undefined ? undefined : { status: e.context?.status, responseText: e.context?.responseText },
        }
      : e;
  for (const ev of ["connect", "connect_error", "disconnect"]) s.on(ev, (...a) => log.push(["socket", ev, ...a.map(plain)]));
  for (const ev of ["open", "error", "close", "reconnect_attempt", "reconnect", "reconnect_error", "reconnect_failed"]) {
    s.io.on(ev, (...a) => log.push(["manager", ev, ...a.map(plain)]));
  }
  await step("two failed attempts", T.until(() => log.filter((e) => e[0] === "manager" && e[1] === "close").length === 2, 8000));
  s.disconnect();
  return { log, connected: s.connected, id: s.id ?? null };
};

const POLLING = { upstream: ["w1", "w2"] };

/** `log` with each error reduced to whether it is one (the event sequence alone). */
const sequence = (log) => log.map((e) => e.map((x) => (x && typeof x === "object" && "error" in x ? "<Error>" : x)));

test("round robin, long-polling: the same events as socket.io-client, attempt after attempt", T, async () => {
  const r = await both(context, cluster, pollingAttempts, {}, POLLING);
  const cycle = [
    ["socket", "connect_error", "<Error>"],
    ["manager", "error", "<Error>"],
    ["socket", "disconnect", "transport error", "<Error>"],
    ["manager", "close", "transport error", "<Error>"],
  ];
  assert.deepEqual(sequence(r.reference.log), [["manager", "open"], ...cycle, ["manager", "reconnect_attempt", 1], ["manager", "open"], ["manager", "reconnect", 1], ...cycle, ["manager", "close", "forced close", undefined]]);
  assert.equal(r.reference.connected, false);
  assert.deepEqual(sequence(r.plugwire.log), sequence(r.reference.log));
  assert.deepEqual([r.plugwire.connected, r.plugwire.id], [r.reference.connected, r.reference.id]);
});

test("round robin, long-polling: the same error objects as socket.io-client", T, async () => {
  const r = await both(context, cluster, pollingAttempts, {}, POLLING);
  const errors = (log) => log.flat().filter((x) => x && typeof x === "object" && "error" in x);
  const ref = errors(r.reference.log);
  assert.equal(ref.length, 8);
  for (const e of ref) {
    assert.deepEqual(e, {
      error: "xhr post error",
      type: "TransportError",
      description: 400,
      context: { status: 400, responseText: '{"code":1,"message":"Session ID unknown"}' },
    });
  }
  assert.deepEqual(errors(r.plugwire.log), ref);
});

test("round robin, websocket only: each client on its own worker, rooms and acks across them, reconnection", T, async () => {
  const r = await both(context, cluster, async ({ io, url }) => {
    const opts = { forceNew: true, transports: ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 100, randomizationFactor: 0 };
    const sockets = [];
    // One after the other, so nginx's counter hands them w1, w2, w3 in turn.
    for (let i = 0; i < 3; i++) {
      const s = io(url, opts);
      await step(`client ${i} connects`, T.next(s, "connect", 8000));
      sockets.push(s);
    }
    const workers = [];
    for (const s of sockets) workers.push(await ask(s, "whoami"));
    const room = "rr-" + Math.random().toString(36).slice(2);
    const got = sockets.map(() => []);
    for (const [i, s] of sockets.entries()) {
      s.on("news", (d) => got[i].push(d.from));
      await ask(s, "join", room);
    }
    const size = await ask(sockets[0], "room-size", room);
    for (const [i, s] of sockets.entries()) {
      const before = got.flat().length;
      s.emit("to-room", room, "news", { from: i });
      await step(`client ${i}'s message reaches the other two`, T.until(() => got.flat().length === before + 2));
    }
    const echoed = await ask(sockets[1], "echo", { big: "x".repeat(10_000) });

    // Its worker killed: the reconnection is a new session, on the next worker in turn.
    const s = sockets[2];
    const oldId = s.id;
    const back = step("client 2 reconnects", T.next(s, "connect", 8000));
    await step("kill client 2's worker", fetch(`/control/kill/${workers[2]}`, { signal: AbortSignal.timeout(8000) }));
    await back;
    const after = await ask(s, "whoami");
    const out = {
      workers,
      size,
      got,
      echoed: echoed.big.length,
      reconnected: { newId: s.id !== oldId, recovered: s.recovered, worker: after, transport: s.io.engine.transport.name },
    };
    for (const x of sockets) x.disconnect();
    return out;
  });
  assert.deepEqual(r.reference, {
    workers: ["w1", "w2", "w3"],
    size: 3,
    got: [[1, 2], [0, 2], [0, 1]],
    echoed: 10_000,
    // `recovered` is `pid && …` in socket.io-client: undefined when the server has no recovery.
    reconnected: { newId: true, recovered: undefined, worker: "w1", transport: "websocket" },
  });
  // Everything but `recovered` first, then `recovered` on its own, so a failure says which.
  const apart = ({ reconnected: { recovered, ...reconnected }, ...rest }) => [{ ...rest, reconnected }, recovered];
  const [plugwire, plugwireRecovered] = apart(r.plugwire);
  const [reference, referenceRecovered] = apart(r.reference);
  assert.deepEqual(plugwire, reference);
  assert.strictEqual(plugwireRecovered, referenceRecovered, "socket.recovered after connecting to a server without recovery");
});
