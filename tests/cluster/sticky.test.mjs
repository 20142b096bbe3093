// A cluster behind a sticky nginx upstream (`hash $remote_addr consistent`): three socket.io
// workers on @socket.io/redis-streams-adapter with connection state recovery, Redis, nginx.
// Every scenario runs with socket.io-client and plugwire in one headless Chromium and requires
// identical results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser } from "../client/harness.mjs";
import { startCluster, both } from "./cluster.mjs";

const T = { timeout: 40_000 };
let cluster;
let browser;
let context;

before(async () => {
  [cluster, { browser, context }] = await Promise.all([startCluster({ adapter: "streams", recovery: true, balance: "sticky" }), openBrowser()]);
});
after(async () => {
  await browser?.close();
  await cluster?.close();
});

test("sticky nginx: long-polling, then the upgrade to websocket, on one worker", T, async () => {
  const r = await both(context, cluster, async ({ io, url }) => {
    const s = io(url, { forceNew: true });
    const upgrade = T.next(s.io.engine, "upgrade", 8000);
    const hello = T.next(s, "hello");
    await T.next(s, "connect", 8000);
    const arrivedOn = (await hello)[2];
    const onPolling = await s.emitWithAck("whoami");
    const [transport] = await upgrade;
    const onWebsocket = await s.emitWithAck("whoami");
    const burst = [];
    s.on("burst", (i) => burst.push(i));
    await s.emitWithAck("burst", 200);
    await T.until(() => burst.length === 200);
    const upgraded = [arrivedOn, transport.name, s.io.engine.transport.name, await s.emitWithAck("transport")];
    s.disconnect();

    // Polling only: every request of the session reaches the worker that holds it.
    const p = io(url, { forceNew: true, transports: ["polling"] });
    await T.next(p, "connect", 8000);
    const seen = new Set();
    for (let i = 0; i < 20; i++) seen.add(await p.emitWithAck("whoami"));
    const polled = [];
    p.on("burst", (i) => polled.push(i));
    await p.emitWithAck("burst", 100);
    await T.until(() => polled.length === 100);
    const polling = [p.io.engine.transport.name, await p.emitWithAck("transport"), seen.size];
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

test("a room broadcast from one worker reaches the clients on the others", T, async () => {
  const r = await both(context, cluster, async ({ io, url, direct }) => {
    // `a` through nginx; `b` and `c` straight to the two other workers.
    const a = io(url, { forceNew: true });
    await T.next(a, "connect", 8000);
    const onA = await a.emitWithAck("whoami");
    const [onB, onC] = Object.keys(direct).filter((n) => n !== onA);
    const b = io(direct[onB], { forceNew: true });
    const c = io(direct[onC], { forceNew: true, transports: ["websocket"] });
    await Promise.all([T.next(b, "connect", 8000), T.next(c, "connect", 8000)]);
    const sockets = { a, b, c };
    const workers = [onA, await b.emitWithAck("whoami"), await c.emitWithAck("whoami")];
    const room = "room-" + Math.random().toString(36).slice(2);
    const got = { a: [], b: [], c: [] };
    for (const [k, s] of Object.entries(sockets)) {
      s.on("news", (d) => got[k].push(d));
      await s.emitWithAck("join", room);
    }
    const size = await a.emitWithAck("room-size", room); // fetchSockets across the cluster
    const count = () => got.a.length + got.b.length + got.c.length;
    // One sender at a time, so the order each client sees is defined.
    for (const k of ["a", "b", "c"]) {
      const before = count();
      sockets[k].emit("to-room", room, "news", { from: k });
      await T.until(() => count() === before + 2);
    }
    const via = await b.emitWithAck("announce", room, "news", { from: "b-all" });
    await T.until(() => count() === 9);
    for (const s of Object.values(sockets)) s.disconnect();
    return { distinct: new Set(workers).size, size, got, announcedBy: via === workers[1] };
  });
  const ref = r.reference;
  assert.equal(ref.distinct, 3);
  assert.equal(ref.size, 3);
  assert.equal(ref.announcedBy, true);
  const via = ref.got.a.at(-1).via;
  assert.deepEqual(ref.got, {
    a: [{ from: "b" }, { from: "c" }, { from: "b-all", via }],
    b: [{ from: "a" }, { from: "c" }, { from: "b-all", via }],
    c: [{ from: "a" }, { from: "b" }, { from: "b-all", via }],
  });
  assert.deepEqual(r.plugwire, ref);
});

test("a worker killed mid-stream: the client reconnects to another, buffered emits arrive once, in order", T, async () => {
  const r = await both(context, cluster, async ({ io, url }) => {
    const s = io(url, { forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300, randomizationFactor: 0 });
    const log = T.trace(s, ["connect", "disconnect"], ["reconnect_attempt", "reconnect"]);
    const upgraded = T.next(s.io.engine, "upgrade", 8000);
    await T.next(s, "connect", 8000);
    await upgraded;
    const first = await s.emitWithAck("whoami");
    const firstId = s.id;
    const ticks = [];
    s.on("tick", (i) => ticks.push(i));
    s.emit("stream", 10_000, 10);
    await T.until(() => ticks.length >= 5);
    const gone = T.next(s, "disconnect", 5000);
    const killed = fetch(`/control/kill/${first}`, { signal: AbortSignal.timeout(8000) }).then((res) => res.json());
    const [reason] = await gone;
    const tickedBeforeDeath = ticks.length;
    const tag = Math.random().toString(36).slice(2);
    const acks = [];
    for (let i = 0; i < 10; i++) s.emit("record", tag, i, (v) => acks.push(v));
    const buffered = s.sendBuffer.length;
    await killed;
    await T.next(s, "connect", 10_000);
    await T.until(() => acks.length === 10);
    const second = await s.emitWithAck("whoami");
    const rec = await s.emitWithAck("recorded", tag);
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

test("connection state recovery across workers: a worker stopped for a deploy, the session restored on another", T, async () => {
  const r = await both(context, cluster, async ({ io, url, direct }) => {
    const s = io(url, { forceNew: true, reconnectionDelay: 300, reconnectionDelayMax: 300, randomizationFactor: 0 });
    const upgraded = T.next(s.io.engine, "upgrade", 8000);
    await T.next(s, "connect", 8000);
    await upgraded;
    const first = await s.emitWithAck("whoami");
    const id = s.id;
    const room = "feed-" + Math.random().toString(36).slice(2);
    await s.emitWithAck("join", room);
    const feed = [];
    s.on("feed", (d) => feed.push(d.n));

    // The feeder: on a third worker, so neither the stopped worker nor the one the client moves
    // to is the broadcaster (nginx's consistent hash moves it to one of the other two).
    const [feederOn] = Object.keys(direct).filter((n) => n !== first);
    const f = io(direct[feederOn], { forceNew: true, transports: ["websocket"] });
    await T.next(f, "connect", 8000);
    let n = 0;
    const send = (k) => {
      for (let i = 0; i < k; i++) f.emit("to-room", room, "feed", { n: n++ });
    };
    send(5);
    await T.until(() => feed.length === 5);

    const gone = T.next(s, "disconnect", 5000);
    const stopped = fetch(`/control/stop/${first}`, { signal: AbortSignal.timeout(8000) }).then((res) => res.json());
    const [reason] = await gone;
    send(5); // while the client is away: only the Redis stream holds these
    await f.emitWithAck("echo", "barrier");
    const awayDuringSend = !s.connected;
    const [recovered] = await Promise.all([T.next(s, "connect", 10_000).then(() => s.recovered), stopped]);
    await T.until(() => feed.length === 10);
    const second = await s.emitWithAck("whoami");
    send(5);
    await T.until(() => feed.length === 15);
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
