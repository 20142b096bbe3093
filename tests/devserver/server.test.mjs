// The dev server, driven by real socket.io clients: wires, rooms, relays, whispers, HTTP API.
import { test, describe, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import {
  startServer, connect, closeAll, next, emitAck, post, getJson, barrier, seen, waitFor,
} from "./harness.mjs";

const T = { timeout: 20_000 };
const CHECKIN = "private.CheckIn.checkin_kiosk_lobby";

describe("broadcast mode (default)", () => {
  let srv;
  before(async () => (srv = await startServer()));
  after(() => srv.stop());
  afterEach(closeAll);

  test("a plain client gets (data); an echo client gets (event, channel, data)", T, async () => {
    const plain = await connect(srv.url);
    const echo = await connect(srv.url, { wire: "echo" });
    const gotPlain = next(plain, "AttendeeCheckedIn");
    const gotEcho = next(echo, "AttendeeCheckedIn");
    const res = await post(srv.url, { event: "AttendeeCheckedIn", channel: CHECKIN, data: { id: 1 } });
    assert.equal(res.status, 200);
    assert.deepEqual(await gotPlain, [{ id: 1 }]);
    assert.deepEqual(await gotEcho, [CHECKIN, { id: 1 }]);
    assert.equal(res.body.clients, 2);
    assert.equal(res.body.ok, true);
    assert.equal(res.body.channel, CHECKIN);
    assert.equal(typeof res.body.sentAt, "number");
  });

  test("channel events reach every client, subscribed or not", T, async () => {
    const a = await connect(srv.url, { wire: "echo" });
    const b = await connect(srv.url, { wire: "echo" });
    await emitAck(a, "subscribe", { channel: "private.X.1", auth: { headers: {} } });
    const got = [next(a, "E"), next(b, "E")];
    await post(srv.url, { event: "E", channel: "private.Y.2", data: 5 });
    assert.deepEqual(await Promise.all(got), [["private.Y.2", 5], ["private.Y.2", 5]]);
  });

  test("/emit with only an event name sends the template's channel and data", T, async () => {
    const echo = await connect(srv.url, { wire: "echo" });
    const got = next(echo, "AttendeeCheckedIn");
    const res = await post(srv.url, { event: "AttendeeCheckedIn" });
    const [channel, data] = await got;
    assert.equal(channel, CHECKIN);
    assert.equal(data.attendee_name, "John Doe");
    assert.equal(res.body.data.badge_number, "A-0042");
  });

  test("/emit reaches every client, including the one whose page sent it", T, async () => {
    const sockets = await Promise.all([connect(srv.url), connect(srv.url), connect(srv.url, { wire: "echo" })]);
    const got = sockets.map((s) => next(s, "Ping"));
    const res = await post(srv.url, { event: "Ping", data: { n: 1 } });
    assert.equal(res.body.clients, 3);
    await Promise.all(got);
  });

  test("client emits are relayed verbatim to every other client, not the sender", T, async () => {
    const sender = await connect(srv.url);
    const other = await connect(srv.url);
    const echo = await connect(srv.url, { wire: "echo" });
    const got = [next(other, "user-action"), next(echo, "user-action")];
    const ack = await emitAck(sender, "user-action", { action: "button_click" }, "second", 3);
    assert.deepEqual(ack, { ok: true, clients: 2 });
    for (const args of await Promise.all(got)) assert.deepEqual(args, [{ action: "button_click" }, "second", 3]);
    await barrier(srv.url, [sender, other]);
    assert.deepEqual(seen(sender), [], "the sender must not receive its own emit");
  });

  test("binary arguments survive a relay", T, async () => {
    const sender = await connect(srv.url);
    const other = await connect(srv.url);
    const got = next(other, "upload");
    sender.emit("upload", { name: "a.bin", bytes: Buffer.from([0, 1, 2, 255]) });
    const [arg] = await got;
    assert.equal(arg.name, "a.bin");
    assert.deepEqual([...new Uint8Array(arg.bytes)], [0, 1, 2, 255]);
  });

  test("whispers go to the channel's other subscribers only", T, async () => {
    const a = await connect(srv.url, { wire: "echo" });
    const b = await connect(srv.url, { wire: "echo" });
    const outsider = await connect(srv.url, { wire: "echo" });
    const ch = "private.Chat.room_1";
    await emitAck(a, "subscribe", { channel: ch });
    await emitAck(b, "subscribe", { channel: ch });
    const got = next(b, "client-typing");
    a.emit("client event", { channel: ch, event: "client-typing", data: { user: "ann" } });
    assert.deepEqual(await got, [ch, { user: "ann" }]);
    await barrier(srv.url, [a, outsider]);
    assert.deepEqual(seen(a), []);
    assert.deepEqual(seen(outsider), []);
  });

  test("a subscribe without a channel is refused with subscription_error", T, async () => {
    const a = await connect(srv.url, { wire: "echo" });
    const err = next(a, "subscription_error");
    const ack = await emitAck(a, "subscribe", { auth: {} });
    assert.deepEqual(ack, { ok: false, error: "channel is required" });
    assert.deepEqual(await err, [null, 400]);
  });

  test("works over HTTP long-polling too", T, async () => {
    const poll = await connect(srv.url, { transports: ["polling"] });
    const got = next(poll, "Polled");
    await post(srv.url, { event: "Polled", data: [1, 2] });
    assert.deepEqual(await got, [[1, 2]]);
    assert.equal(poll.io.engine.transport.name, "polling");
  });

  test("every event in and out is logged, one line each", T, async () => {
    const s = await connect(srv.url);
    await emitAck(s, "logged-relay", 1);
    await post(srv.url, { event: "LoggedEmit", data: {} });
    await waitFor({ received: srv.log().split("\n") }, (l) => /out event/.test(l) && /LoggedEmit/.test(l));
    const lines = srv.log().split("\n");
    assert.equal(lines.filter((l) => /in  relay/.test(l) && /logged-relay/.test(l)).length, 1);
    assert.equal(lines.filter((l) => /out event/.test(l) && /LoggedEmit/.test(l)).length, 1);
  });
});

describe("rooms mode (--rooms)", () => {
  let srv;
  before(async () => (srv = await startServer({ args: ["--rooms"] })));
  after(() => srv.stop());
  afterEach(closeAll);

  test("channel events reach only the channel's subscribers; unsubscribe stops them", T, async () => {
    const sub = await connect(srv.url, { wire: "echo" });
    const other = await connect(srv.url, { wire: "echo" });
    const plain = await connect(srv.url);
    const ack = await emitAck(sub, "subscribe", { channel: "private.BadgePrinter.badge_printer_1", auth: { headers: {} } });
    assert.deepEqual(ack, { ok: true, channel: "private.BadgePrinter.badge_printer_1" });

    const got = next(sub, "BadgePrintJobCompleted");
    const res = await post(srv.url, { event: "BadgePrintJobCompleted", channel: "private.BadgePrinter.badge_printer_1", data: { id: 1 } });
    assert.deepEqual(await got, ["private.BadgePrinter.badge_printer_1", { id: 1 }]);
    assert.equal(res.body.clients, 1);

    await post(srv.url, { event: "BadgePrintJobCompleted", channel: "private.BadgePrinter.badge_printer_2", data: { id: 2 } });
    await emitAck(sub, "unsubscribe", { channel: "private.BadgePrinter.badge_printer_1" });
    await post(srv.url, { event: "BadgePrintJobCompleted", channel: "private.BadgePrinter.badge_printer_1", data: { id: 3 } });
    await barrier(srv.url, [sub, other, plain]);
    assert.deepEqual(seen(sub).map((e) => e[2].id), [1], "only the event of its channel, before unsubscribing");
    assert.deepEqual(seen(other), []);
    assert.deepEqual(seen(plain), []);
  });

  test("events without a channel still reach everyone", T, async () => {
    const echo = await connect(srv.url, { wire: "echo" });
    const plain = await connect(srv.url);
    const got = [next(echo, "state-change"), next(plain, "state-change")];
    const res = await post(srv.url, { event: "state-change", data: { changes: { a: 1 } } });
    assert.equal(res.body.clients, 2);
    assert.deepEqual(await Promise.all(got), [[null, { changes: { a: 1 } }], [{ changes: { a: 1 } }]]);
  });
});

describe("HTTP API", () => {
  let srv;
  before(async () => (srv = await startServer()));
  after(() => srv.stop());
  afterEach(closeAll);

  test("GET /health reports status, protocol, uptime and connected clients", T, async () => {
    await connect(srv.url);
    await connect(srv.url);
    const { status, body, headers } = await getJson(srv.url, "/health");
    assert.equal(status, 200);
    assert.equal(body.status, "ok");
    assert.deepEqual(body.protocol, { socketio: 5, engineio: 4 });
    assert.equal(typeof body.uptime, "number");
    assert.equal(body.clients, 2);
    assert.equal(body.mode, "broadcast");
  });

  test("CORS: any dev origin may call the API", T, async () => {
    const res = await fetch(`${srv.url}/health`, { headers: { origin: "http://localhost:5173" } });
    assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:5173");
  });

  test("POST /emit without an event is a 400 with a JSON error", T, async () => {
    const res = await post(srv.url, { data: {} });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { error: "Event name is required" });
    assert.equal((await post(srv.url, { event: "  " })).status, 400);
  });

  test("POST /emit with bad JSON is a 400 that says where", T, async () => {
    const res = await post(srv.url, '{"event": "A", "data": {,}}', true);
    assert.equal(res.status, 400);
    assert.match(res.body.error, /^Invalid JSON body: .*line 1 column 25/);
  });

  test("GET /events lists the templates and reflects files added at run time", T, async () => {
    const before = (await getJson(srv.url, "/events")).body;
    const names = before.events.map((e) => e.event);
    for (const e of ["AiSessionMessageCreated", "SocialStreamPostCreated", "AttendeeCheckedIn",
      "BadgePrintJobCreated", "BadgePrintJobUpdated", "BadgePrintJobCompleted", "state-change"]) {
      assert.ok(names.includes(e), `${e} in ${names}`);
    }
    assert.deepEqual(before.errors, []);
    const added = join(srv.events, "RuntimeAdded.json");
    writeFileSync(added, JSON.stringify({ event: "RuntimeAdded", channel: "private.R.r1", data: { ok: true } }));
    const broken = join(srv.events, "Broken.json");
    writeFileSync(broken, '{\n  "event": "Broken",\n  "data": {\n    "a": 1,,\n  }\n}\n');
    try {
      const after = (await getJson(srv.url, "/events")).body;
      const t = after.events.find((e) => e.event === "RuntimeAdded");
      assert.deepEqual(t, { event: "RuntimeAdded", channel: "private.R.r1", data: { ok: true }, file: "RuntimeAdded.json" });
      assert.equal(after.events.length, before.events.length + 1, "the others still load");
      assert.equal(after.errors.length, 1);
      assert.equal(after.errors[0].file, "Broken.json");
      assert.equal(after.errors[0].line, 4);
      assert.equal(after.errors[0].column, 12);
      // The reload is logged with the broken file's name and position.
      await waitFor({ received: srv.log().split("\n") }, (l) => /broken template/.test(l) && /Broken\.json/.test(l));
      assert.match(srv.log(), /Broken\.json.*line=4.*column=12/);
    } finally {
      unlinkSync(added);
      unlinkSync(broken);
    }
  });

  test("serves the demo (www/) and the package (pkg/)", T, async () => {
    const page = await fetch(`${srv.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /plugwire demo/);
    const pkg = await getJson(srv.url, "/pkg/package.json");
    assert.equal(pkg.body.name, "plugwire");
  });
});
