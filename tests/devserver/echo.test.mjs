// The dev server with the real Laravel Echo client (laravel-echo 2.x on socket.io-client):
// Echo recognised without the wire query, presence channels, channel authorisation rules.
import { test, describe, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Echo from "laravel-echo";
import { io } from "socket.io-client";
import { startServer, connect, closeAll, next, emitAck, post, waitLog, cli } from "./harness.mjs";

const T = { timeout: 20_000 };
const echos = new Set();
// Echo copies its default `auth` shallowly, so `bearerToken` would write into one headers object
// shared by every Echo instance: each client gets its own `auth` here.
const token = (t) => ({ auth: { headers: { Authorization: `Bearer ${t}` } } });

/** A Laravel Echo client on the socket.io broadcaster, as a Laravel front end makes one. */
async function echo(url, options = {}) {
  const e = new Echo({ broadcaster: "socket.io", host: url, client: io, reconnection: false, forceNew: true, ...options });
  echos.add(e);
  await new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error("Echo did not connect within 5 s")), 5000);
    e.connector.socket.once("connect", () => (clearTimeout(t), ok()));
    e.connector.socket.once("connect_error", (err) => (clearTimeout(t), fail(err)));
  });
  return e;
}

/** Resolves with the first value `register(cb)` calls `cb` with, or rejects naming `step`. */
function first(step, register, ms = 5000) {
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`${step}: nothing within ${ms} ms`)), ms);
    register((v) => (clearTimeout(t), ok(v)));
  });
}

function closeEchos() {
  for (const e of echos) e.disconnect();
  echos.clear();
  closeAll();
}

const logged = waitLog;

describe("Laravel Echo, without the wire query", () => {
  let srv;
  before(async () => (srv = await startServer({ args: ["--rooms"] })));
  after(() => srv.stop());
  afterEach(closeEchos);

  test("a subscribing Echo client is moved to the echo wire, with a warning, and receives its channel's events", T, async () => {
    const e = await echo(srv.url);
    const got = first("listen", (cb) => e.channel("orders.1").listen(".OrderShipped", cb));
    // In rooms mode the event reaches only subscribers: send once the server has the subscription.
    await logged(srv, /in  subscribe.*"orders\.1"/, "subscribed");
    const res = await post(srv.url, { event: "OrderShipped", channel: "orders.1", data: { id: 7 } });
    assert.equal(res.body.clients, 1, "the Echo client is in the channel's room");
    assert.deepEqual(await got, { id: 7 });
    await logged(srv, /plain wire subscribed to a channel.*wire=echo/, "warning");
  });

  test("emits racing a subscription: every answered count is a delivery, none uncounted", T, async () => {
    const e = await echo(srv.url);
    let got = 0;
    e.channel("orders.race").listen(".OrderShipped", () => got++);
    // Posted while the subscription is on its way: a client that joins the room between the
    // server counting the room and sending must neither be missed by the count nor receive an
    // event the answer said nobody received (a sender that retries on 0 would duplicate it).
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        new Promise((ok) => setTimeout(ok, i * 5)).then(() =>
          post(srv.url, { event: "OrderShipped", channel: "orders.race", data: { i } }),
        ),
      ),
    );
    await logged(srv, /in  subscribe.*"orders\.race"/, "subscribed");
    const counted = answers.reduce((n, r) => n + r.body.clients, 0);
    // One more, answered 1, proves the subscription and flushes what is still in flight.
    const last = first("the last event", (cb) => e.channel("orders.race").listen(".Last", cb));
    assert.equal((await post(srv.url, { event: "Last", channel: "orders.race", data: {} })).body.clients, 1);
    await last;
    assert.equal(got, counted, `${counted} answered as delivered, ${got} arrived`);
  });

  test("a plain socket.io client that never subscribes stays on the plain wire", T, async () => {
    const plain = await connect(srv.url);
    const got = next(plain, "state-change");
    await post(srv.url, { event: "state-change", data: { a: 1 } });
    assert.deepEqual(await got, [{ a: 1 }]);
  });
});

describe("presence channels", () => {
  let srv;
  before(async () => (srv = await startServer()));
  after(() => srv.stop());
  afterEach(closeEchos);

  test("here() lists the members, joining() and leaving() follow them, each user once", T, async () => {
    const ada = await echo(srv.url, { auth: { headers: {}, user: { id: 1, name: "Ada" } } });
    const adaHere = first("ada here", (cb) => ada.join("chat.1").here(cb));
    assert.deepEqual(await adaHere, [{ id: 1, name: "Ada" }]);

    const adaSees = first("ada sees bob join", (cb) => ada.join("chat.1").joining(cb));
    const bob = await echo(srv.url, { auth: { headers: {}, user: { id: 2, name: "Bob" } } });
    const bobHere = first("bob here", (cb) => bob.join("chat.1").here(cb));
    assert.deepEqual(await bobHere, [{ id: 1, name: "Ada" }, { id: 2, name: "Bob" }]);
    assert.deepEqual(await adaSees, { id: 2, name: "Bob" });

    // A second tab of Ada: no second "joining", and the list holds her once.
    const joins = [];
    bob.join("chat.1").joining((u) => joins.push(u));
    const tab = await echo(srv.url, { auth: { headers: {}, user: { id: 1, name: "Ada" } } });
    const tabHere = first("tab here", (cb) => tab.join("chat.1").here(cb));
    assert.deepEqual(await tabHere, [{ id: 1, name: "Ada" }, { id: 2, name: "Bob" }]);

    // Ada leaves from both tabs: Bob hears it once, when the last one goes.
    const leaves = [];
    bob.join("chat.1").leaving((u) => leaves.push(u));
    ada.leave("chat.1");
    await logged(srv, /in  unsubscribe.*"presence-chat\.1"/, "first tab unsubscribed");
    const bobSees = first("bob sees ada leave", (cb) => bob.join("chat.1").leaving(cb));
    tab.disconnect();
    assert.deepEqual(await bobSees, { id: 1, name: "Ada" });
    assert.deepEqual(leaves, [{ id: 1, name: "Ada" }], "one leaving, for the last tab");
    assert.deepEqual(joins, [], "no joining for a second tab");
  });

  test("a member without auth.user is known by its socket id", T, async () => {
    const s = await connect(srv.url, { wire: "echo" });
    const here = next(s, "presence:subscribed");
    await emitAck(s, "subscribe", { channel: "presence-lobby", auth: { headers: {} } });
    assert.deepEqual(await here, ["presence-lobby", [{ user_id: s.id, user_info: { id: s.id } }]]);
  });
});

describe("channel authorisation rules (--channel-rules, --deny)", () => {
  let srv;
  before(async () => {
    const rules = join(mkdtempSync(join(tmpdir(), "pw-rules-")), "rules.json");
    writeFileSync(rules, JSON.stringify([
      { channel: "private-Admin.*", status: 403 },
      { channel: "private-*", status: 401, unless: { Authorization: "Bearer dev-token" } },
    ]));
    srv = await startServer({ args: ["--rooms", "--channel-rules", rules, "--deny", "presence-full.*"] });
  });
  after(() => srv.stop());
  afterEach(closeEchos);

  test("a refused private channel gets subscription_error (channel, status) on Echo's channel", T, async () => {
    const e = await echo(srv.url, token("wrong"));
    const status = first("subscription_error", (cb) => e.private("Chat.1").on("subscription_error", cb));
    assert.equal(await status, 401);
    const admin = first("admin refused", (cb) => e.private("Admin.1").on("subscription_error", cb));
    assert.equal(await admin, 403);
  });

  test("the right token lets the subscription through; refused ones never join the room", T, async () => {
    const good = await echo(srv.url, token("dev-token"));
    const bad = await echo(srv.url, token("wrong"));
    const refused = first("bad refused", (cb) => bad.private("Chat.2").on("subscription_error", cb));
    const got = first("good listens", (cb) => good.private("Chat.2").listen(".Message", cb));
    assert.equal(await refused, 401);
    await logged(srv, /in  subscribe.*"private-Chat\.2"/, "good subscribed");
    const res = await post(srv.url, { event: "Message", channel: "private-Chat.2", data: { text: "hi" } });
    assert.equal(res.body.clients, 1, "only the authorised client is in the room");
    assert.deepEqual(await got, { text: "hi" });
  });

  test("--deny refuses with 403 and the ack says why; other channels pass", T, async () => {
    const s = await connect(srv.url, { wire: "echo" });
    const err = next(s, "subscription_error");
    const ack = await emitAck(s, "subscribe", { channel: "presence-full.9", auth: { headers: {} } });
    assert.deepEqual(ack, { ok: false, channel: "presence-full.9", status: 403, error: "refused by the channel rules" });
    assert.deepEqual(await err, ["presence-full.9", 403]);
    assert.deepEqual(await emitAck(s, "subscribe", { channel: "orders" }), { ok: true, channel: "orders" });
  });

  test("a broken rules file stops the server with a clear error (exit 1)", T, () => {
    const rules = join(mkdtempSync(join(tmpdir(), "pw-rules-")), "bad.json");
    writeFileSync(rules, '[{"channel": "x", "stauts": 1}]');
    const r = cli(["serve", "--port", "0", "--channel-rules", rules]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /invalid channel rules .*bad\.json: unknown field `stauts`/);
  });
});
