// A cluster behind a sticky nginx upstream (`hash $remote_addr consistent`): three socket.io
// workers on @socket.io/redis-streams-adapter with connection state recovery, Redis, nginx.
// Every scenario runs with socket.io-client and plugwire in one headless Chromium and requires
// identical results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, both, openClusterBrowser } from "./cluster.mjs";
import { broadcast, assertBroadcast } from "./scenarios.mjs";

const T = { timeout: 40_000 };
let cluster;
let browser;
let context;

before(async () => {
  [cluster, { browser, context }] = await Promise.all([startCluster({ adapter: "streams", recovery: true, balance: "sticky" }), openClusterBrowser()]);
});
after(async () => {
  await browser?.close();
  await cluster?.close();
});

test("sticky nginx: long-polling, then the upgrade to websocket, on one worker", T, async () => {
  const r = await both(context, cluster, async ({ io, url }) => {
    const s = io(url, { forceNew: true });
    const upgrade = step("upgrade to websocket", T.next(s.io.engine, "upgrade", 8000));
    const hello = step("the hello event", T.next(s, "hello", 8000));
    await step("connect through nginx", T.next(s, "connect", 8000));
    const arrivedOn = (await hello)[2];
    const onPolling = await ask(s, "whoami");
    const [transport] = await upgrade;
    const onWebsocket = await ask(s, "whoami");
    const burst = [];
    s.on("burst", (i) => burst.push(i));
    await ask(s, "burst", 200);
    await step("200 burst events", T.until(() => burst.length === 200));
    const upgraded = [arrivedOn, transport.name, s.io.engine.transport.name, await ask(s, "transport")];
    s.disconnect();

    // Polling only: every request of the session reaches the worker that holds it.
    const p = io(url, { forceNew: true, transports: ["polling"] });
    await step("polling-only connect", T.next(p, "connect", 8000));
    const seen = new Set();
    for (let i = 0; i < 20; i++) seen.add(await ask(p, "whoami"));
    const polled = [];
    p.on("burst", (i) => polled.push(i));
    await ask(p, "burst", 100);
    await step("100 burst events over polling", T.until(() => polled.length === 100));
    const polling = [p.io.engine.transport.name, await ask(p, "transport"), seen.size];
    p.disconnect();
    return {
      upgraded,
      sameWorker: onPolling === onWebsocket,
      burstInOrder: burst.every((v, i) => v === i),
      polling,
      polledInOrder: polled.every((v, i) => v === i),
    };
  });
  assert.deepEqual(r.reference, {
    upgraded: ["polling", "websocket", "websocket", "websocket"],
    sameWorker: true,
    burstInOrder: true,
    polling: ["polling", "polling", 1],
    polledInOrder: true,
  });
  assert.deepEqual(r.plugwire, r.reference);
});

test("cookie stickiness from another origin: only with withCredentials, then polling and websocket on one worker", T, async () => {
  const r = await both(
    context,
    cluster,
    async ({ io, url }) => {
      const outcome = (s) => {
        let timer;
        return step(
          "connect or connect_error",
          new Promise((ok, fail) => {
            timer = setTimeout(() => fail(new Error("neither within 8000 ms")), 8000);
            s.once("connect", () => ok("connect"));
            s.once("connect_error", () => ok("connect_error"));
          }).finally(() => clearTimeout(timer)),
        );
      };
      // Without credentials a cross-origin response's cookie is dropped: nginx balances each
      // request afresh, and the session's second request reaches a worker that does not hold it.
      const a = io(url, { forceNew: true, reconnection: false });
      const without = await outcome(a);
      a.disconnect();

      const b = io(url, { forceNew: true, withCredentials: true });
      const upgrade = step("upgrade to websocket", T.next(b.io.engine, "upgrade", 8000));
      const withCredentials = await outcome(b);
      const first = await ask(b, "whoami");
      const seen = new Set([first]);
      for (let i = 0; i < 10; i++) seen.add(await ask(b, "whoami"));
      const [transport] = await upgrade;
      seen.add(await ask(b, "whoami"));
      const burst = [];
      b.on("burst", (i) => burst.push(i));
      await ask(b, "burst", 100);
      await step("100 burst events", T.until(() => burst.length === 100));
      const out = { without, withCredentials, transport: [transport.name, await ask(b, "transport")], workers: seen.size };
      b.disconnect();

      // The page keeps the cookie: a new session goes to the same worker from its first request.
      const c = io(url, { forceNew: true, withCredentials: true, transports: ["polling"] });
      await step("the next session connects", T.next(c, "connect", 8000));
      out.nextOnSameWorker = (await ask(c, "whoami")) === first;
      c.disconnect();
      return out;
    },
    {},
    { balance: "cookie", crossOrigin: true },
  );
  assert.deepEqual(r.reference, {
    without: "connect_error",
    withCredentials: "connect",
    transport: ["websocket", "websocket"],
    workers: 1,
    nextOnSameWorker: true,
  });
  assert.deepEqual(r.plugwire, r.reference);
});

test("a room broadcast from one worker reaches the clients on the others", T, async () => {
  assertBroadcast(await both(context, cluster, broadcast));
});

test("a worker killed mid-stream: the client reconnects to another, buffered emits arrive once, in order", T, async () => {
  const r = await both(context, cluster, async ({ io, url }) => {
    const s = io(url, { forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300, randomizationFactor: 0 });
    const log = T.trace(s, ["connect", "disconnect"], ["reconnect_attempt", "reconnect"]);
    const upgraded = step("upgrade to websocket", T.next(s.io.engine, "upgrade", 8000));
    await step("connect through nginx", T.next(s, "connect", 8000));
    await upgraded;
    const first = await ask(s, "whoami");
    const firstId = s.id;
    const ticks = [];
    s.on("tick", (i) => ticks.push(i));
    s.emit("stream", 10_000, 10);
    await step("the first 5 ticks", T.until(() => ticks.length >= 5));
    const gone = step("disconnect when the worker goes", T.next(s, "disconnect", 5000));
    const killed = fetch(`/control/kill/${first}`, { signal: AbortSignal.timeout(8000) }).then((res) => res.json());
    const [reason] = await gone;
    const tickedBeforeDeath = ticks.length;
    const tag = Math.random().toString(36).slice(2);
    const acks = [];
    for (let i = 0; i < 10; i++) s.emit("record", tag, i, (v) => acks.push(v));
    const buffered = s.sendBuffer.length;
    await step("the worker killed", killed);
    await step("reconnect through nginx", T.next(s, "connect", 10_000));
    await step("10 acks", T.until(() => acks.length === 10));
    const second = await ask(s, "whoami");
    const rec = await ask(s, "recorded", tag);
    const out = {
      reason,
      buffered,
      moved: second !== first,
      recordedOn: rec.worker === second,
      recorded: rec.values,
      acks,
      ticksInOrder: ticks.every((v, i) => v === i),
      ticksAfterDeath: ticks.length - tickedBeforeDeath,
      newId: s.id !== firstId,
      recovered: s.recovered,
      log: log.map((e) => e.slice(0, 3)).filter((e) => e[1] !== "reconnect_attempt"),
      attempts: log.filter((e) => e[1] === "reconnect_attempt").length > 0,
    };
    s.disconnect();
    return out;
  });
  const ten = [...Array(10).keys()];
  assert.deepEqual(r.reference, {
    reason: "transport close",
    buffered: 10,
    moved: true,
    recordedOn: true,
    recorded: ten,
    acks: ten,
    ticksInOrder: true,
    ticksAfterDeath: 0,
    newId: true,
    recovered: false, // SIGKILL: the worker could not save the session
    log: [["socket", "connect"], ["socket", "disconnect", "transport close"], ["manager", "reconnect", 1], ["socket", "connect"]],
    attempts: true,
  });
  assert.deepEqual(r.plugwire, r.reference);
});

test("a worker killed under a long-polling client: 'transport error', then another worker, buffered emits once, in order", T, async () => {
  const r = await both(context, cluster, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["polling"], reconnectionDelay: 100, reconnectionDelayMax: 300, randomizationFactor: 0 });
    const log = T.trace(s, ["connect", "disconnect"], ["error", "close", "reconnect"]);
    await step("connect through nginx", T.next(s, "connect", 8000));
    const first = await ask(s, "whoami");
    const ticks = [];
    s.on("tick", (i) => ticks.push(i));
    s.emit("stream", 10_000, 10);
    await step("the first 5 ticks", T.until(() => ticks.length >= 5));
    const gone = step("disconnect when the worker goes", T.next(s, "disconnect", 5000));
    const killed = fetch(`/control/kill/${first}`, { signal: AbortSignal.timeout(8000) });
    await gone;
    const tag = Math.random().toString(36).slice(2);
    const acks = [];
    for (let i = 0; i < 10; i++) s.emit("record", tag, i, (v) => acks.push(v));
    await step("the worker killed", killed);
    await step("reconnect through nginx", T.next(s, "connect", 10_000));
    await step("10 acks", T.until(() => acks.length === 10));
    const second = await ask(s, "whoami");
    const rec = await ask(s, "recorded", tag);
    const out = {
      // The pending GET fails; nginx retries it on the next worker, which answers 400. The error
      // objects themselves are compared in round-robin.test.mjs.
      log: log.map((e) => e.slice(0, 3).map((x) => (x && typeof x === "object" && "error" in x ? "<Error>" : x))),
      moved: second !== first,
      recorded: rec.worker === second ? rec.values : `on ${rec.worker}, not ${second}`,
      acks,
      ticksInOrder: ticks.every((v, i) => v === i),
      transport: await ask(s, "transport"),
    };
    s.disconnect();
    return out;
  });
  const ten = [...Array(10).keys()];
  assert.deepEqual(r.reference, {
    log: [
      ["socket", "connect"],
      ["manager", "error", "<Error>"],
      ["socket", "disconnect", "transport error"],
      ["manager", "close", "transport error"],
      ["manager", "reconnect", 1],
      ["socket", "connect"],
    ],
    moved: true,
    recorded: ten,
    acks: ten,
    ticksInOrder: true,
    transport: "polling",
  });
  assert.deepEqual(r.plugwire, r.reference);
});

test("connection state recovery across workers: a worker stopped for a deploy, the session restored on another", T, async () => {
  const r = await both(context, cluster, async ({ io, url, direct }) => {
    // 800 ms before reconnecting: the feed sent meanwhile surely finds the client away.
    const s = io(url, { forceNew: true, reconnectionDelay: 800, reconnectionDelayMax: 800, randomizationFactor: 0 });
    const upgraded = step("upgrade to websocket", T.next(s.io.engine, "upgrade", 8000));
    await step("connect through nginx", T.next(s, "connect", 8000));
    await upgraded;
    const first = await ask(s, "whoami");
    const id = s.id;
    const room = "feed-" + Math.random().toString(36).slice(2);
    await ask(s, "join", room);
    const feed = [];
    s.on("feed", (d) => feed.push(d.n));

    // The feeder: on a third worker, so neither the stopped worker nor the one the client moves
    // to is the broadcaster (nginx's consistent hash moves it to one of the other two).
    const [feederOn] = Object.keys(direct).filter((n) => n !== first);
    const f = io(direct[feederOn], { forceNew: true, transports: ["websocket"] });
    await step("the feeder connects", T.next(f, "connect", 8000));
    let n = 0;
    const send = (k) => {
      for (let i = 0; i < k; i++) f.emit("to-room", room, "feed", { n: n++ });
    };
    send(5);
    await step("feed 0-4", T.until(() => feed.length === 5));

    const gone = step("disconnect when the worker goes", T.next(s, "disconnect", 5000));
    const stopped = fetch(`/control/stop/${first}`, { signal: AbortSignal.timeout(8000) }).then((res) => res.json());
    const [reason] = await gone;
    send(5); // while the client is away: only the Redis stream holds these
    await ask(f, "echo", "barrier");
    const awayDuringSend = !s.connected;
    const [recovered] = await Promise.all([step("reconnect through nginx", T.next(s, "connect", 10_000)).then(() => s.recovered), step("the worker stopped", stopped)]);
    await step("feed 5-9, replayed", T.until(() => feed.length === 10));
    const second = await ask(s, "whoami");
    send(5);
    await step("feed 10-14, live", T.until(() => feed.length === 15));
    const out = { reason, awayDuringSend, recovered, sameId: s.id === id, moved: second !== first, feed };
    s.disconnect();
    f.disconnect();
    return out;
  });
  assert.deepEqual(r.reference, {
    reason: "transport close",
    awayDuringSend: true,
    recovered: true,
    sameId: true,
    moved: true,
    feed: [...Array(15).keys()],
  });
  assert.deepEqual(r.plugwire, r.reference);
});
