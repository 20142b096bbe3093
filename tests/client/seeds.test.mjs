// The seed systems' browser code, against servers configured as each seed describes, with
// socket.io-client and plugwire side by side.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startReferenceServer } from "../servers/reference.mjs";
import { openBrowser, both } from "./harness.mjs";

const T = { timeout: 30_000 };
let browser;
let context;
before(async () => ({ browser, context } = await openBrowser()));
after(() => browser?.close());

test("002 BAASIX: path /realtime, auth token, join with ack {success}, connect_error message", T, async () => {
  const server = await startReferenceServer({
    path: "/realtime",
    bare: true,
    setup(io) {
      io.use((socket, next) => (socket.handshake.auth.token === "good" ? next() : next(new Error("Invalid token"))));
      io.on("connection", (socket) => {
        socket.join(`user:${socket.handshake.auth.token}`);
        socket.on("join", (room, ack) => {
          if (typeof room !== "string" || !room) return ack({ success: false, message: "Invalid room" });
          socket.join(room);
          ack({ success: true });
          io.to(room).emit("item.created", { collection: "messages", item: { id: "1", text: "hi" }, userId: "u", timestamp: "2025-01-15T10:30:00.000Z" });
        });
      });
    },
  });
  try {
    const r = await both(context, server.url, async ({ io, url }) => {
      const bad = io(url, { path: "/realtime", auth: { token: "bad" }, transports: ["websocket", "polling"], reconnection: false });
      const [err] = await T.next(bad, "connect_error");
      const socket = io(url, { path: "/realtime", auth: { token: "good" }, transports: ["websocket", "polling"], autoConnect: true, forceNew: true });
      await T.next(socket, "connect");
      const created = T.next(socket, "item.created");
      const joined = await new Promise((ok) => socket.emit("join", "discussion:123", ok));
      const refused = await new Promise((ok) => socket.emit("join", "", ok));
      const [data] = await created;
      socket.disconnect();
      return { message: err.message, joined, refused, item: data.collection === "messages" ? data.item : null };
    });
    assert.deepEqual(r.reference, { message: "Invalid token", joined: { success: true }, refused: { success: false, message: "Invalid room" }, item: { id: "1", text: "hi" } });
    assert.deepEqual(r.plugwire, r.reference);
  } finally {
    await server.close();
  }
});

test("003 chat: JWT middleware, conversation:join ack, typing to the room except the sender", T, async () => {
  const server = await startReferenceServer({
    bare: true,
    pingInterval: 25000,
    pingTimeout: 60000,
    setup(io) {
      io.use((socket, next) => {
        const token = socket.handshake.auth.token || socket.handshake.headers.authorization?.split(" ")[1];
        if (!token) return next(new Error("Authentication error: No token provided"));
        if (!token.startsWith("jwt.")) return next(new Error("Authentication error: jwt malformed"));
        socket.userId = token.slice(4);
        next();
      });
      io.on("connection", (socket) => {
        socket.broadcast.emit("user:online", { userId: socket.userId });
        socket.on("conversation:join", (conversationId, callback) => {
          const room = `conversation:${conversationId}`;
          socket.join(room);
          if (typeof callback === "function") callback({ success: true, conversationId, room });
        });
        socket.on("typing:start", ({ conversationId, userName }) => {
          socket.to(`conversation:${conversationId}`).emit("typing:start", { userId: socket.userId, userName, conversationId });
        });
      });
    },
  });
  try {
    const r = await both(context, server.url, async ({ io, url }) => {
      const anon = io(url, { forceNew: true, reconnection: false });
      const [err] = await T.next(anon, "connect_error");
      const bad = io(url, { forceNew: true, reconnection: false, auth: { token: "nope" } });
      const [err2] = await T.next(bad, "connect_error");
      const ann = io(url, { forceNew: true, auth: { token: "jwt.ann" } });
      const bob = io(url, { forceNew: true, auth: { token: "jwt.bob" } });
      await Promise.all([T.next(ann, "connect"), T.next(bob, "connect")]);
      const joinedA = await new Promise((ok) => ann.emit("conversation:join", "c1", ok));
      const joinedB = await new Promise((ok) => bob.emit("conversation:join", "c1", ok));
      const annSaw = [];
      ann.on("typing:start", (d) => annSaw.push(d));
      const typing = T.next(bob, "typing:start");
      ann.emit("typing:start", { conversationId: "c1", userName: "Ann" });
      const [seen] = await typing;
      await new Promise((ok) => ann.emit("conversation:join", "c2", ok)); // a round trip: nothing else for ann
      ann.disconnect();
      bob.disconnect();
      return { err: err.message, err2: err2.message, joinedA, joinedB, seen, annSaw };
    });
    assert.deepEqual(r.reference, {
      err: "Authentication error: No token provided",
      err2: "Authentication error: jwt malformed",
      joinedA: { success: true, conversationId: "c1", room: "conversation:c1" },
      joinedB: { success: true, conversationId: "c1", room: "conversation:c1" },
      seen: { userId: "ann", userName: "Ann", conversationId: "c1" },
      annSaw: [],
    });
    assert.deepEqual(r.plugwire, r.reference);
  } finally {
    await server.close();
  }
});

test("004 gateway: namespaces /chat and /notifications, rooms, acks, websocket only, reconnection options", T, async () => {
  const server = await startReferenceServer({
    bare: true,
    setup(io) {
      for (const nsp of ["/chat", "/notifications"]) {
        io.of(nsp).on("connection", (socket) => {
          socket.on("join", (room, ack) => { socket.join(room); ack({ ok: true, nsp, room }); });
          socket.on("message.sent", (data, ack) => {
            socket.to(data.room).emit("message.sent", data);
            ack?.({ delivered: true });
          });
          socket.on("whoami", (ack) => ack(socket.conn.transport.name));
        });
      }
    },
  });
  try {
    const r = await both(context, server.url, async ({ io, url }) => {
      const opts = { transports: ["websocket"], upgrade: false, rememberUpgrade: true, timeout: 20000, reconnectionDelay: 1000, reconnectionDelayMax: 5000 };
      const chat = io(url + "/chat", opts);
      const notifications = io(url + "/notifications", opts);
      const other = io(url + "/chat", { ...opts, forceNew: true });
      await Promise.all([T.next(chat, "connect"), T.next(notifications, "connect"), T.next(other, "connect")]);
      const shared = chat.io === notifications.io;
      const joined = await Promise.all([chat.emitWithAck("join", "chat.room.1"), other.emitWithAck("join", "chat.room.1"), notifications.emitWithAck("join", "chat.room.1")]);
      const got = T.next(other, "message.sent");
      const ack = await chat.emitWithAck("message.sent", { room: "chat.room.1", user: "John", text: "Hello World!" });
      const [msg] = await got;
      const transport = await chat.emitWithAck("whoami");
      const settings = [chat.io.reconnectionDelay(), chat.io.reconnectionDelayMax(), chat.io.timeout()];
      for (const s of [chat, notifications, other]) s.disconnect();
      return { shared, joined, ack, msg, transport, settings };
    });
    assert.deepEqual(r.reference, {
      shared: true,
      joined: [{ ok: true, nsp: "/chat", room: "chat.room.1" }, { ok: true, nsp: "/chat", room: "chat.room.1" }, { ok: true, nsp: "/notifications", room: "chat.room.1" }],
      ack: { delivered: true },
      msg: { room: "chat.room.1", user: "John", text: "Hello World!" },
      transport: "websocket",
      settings: [1000, 5000, 20000],
    });
    assert.deepEqual(r.plugwire, r.reference);
  } finally {
    await server.close();
  }
});

test("001 client helper: extraHeaders and auth token, emit authenticate -> authenticated", T, async () => {
  const server = await startReferenceServer({
    path: "/io",
    bare: true,
    setup(io) {
      io.on("connection", (socket) => {
        socket.on("authenticate", () => {
          const header = socket.handshake.headers.authorization ?? null;
          const token = socket.handshake.auth.token ?? null;
          if (token === "my-jwt-token") socket.emit("authenticated", { id: socket.id, header, token });
          else socket.emit("unauthenticated", { message: "bad token" });
        });
        socket.on("ping-notification", () => socket.emit("notification", { message: "hello" }));
      });
    },
  });
  try {
    const r = await both(context, server.url, async ({ io, url }) => {
      // Polling first, so the extra header travels (browsers cannot set WebSocket headers).
      const socket = io(url, { path: "/io", extraHeaders: { Authorization: "Bearer my-jwt-token" }, auth: { token: "my-jwt-token" }, forceNew: true, upgrade: false });
      const events = [];
      const done = new Promise((ok) => {
        socket.on("connect", () => { events.push("connect"); socket.emit("authenticate"); });
        socket.on("authenticated", (d) => { events.push(["authenticated", d.header, d.token, d.id === socket.id]); socket.emit("ping-notification"); });
        socket.on("notification", (d) => { events.push(["notification", d.message]); ok(); });
      });
      await done;
      socket.disconnect();
      return events;
    });
    assert.deepEqual(r.reference, ["connect", ["authenticated", "Bearer my-jwt-token", "my-jwt-token", true], ["notification", "hello"]]);
    assert.deepEqual(r.plugwire, r.reference);
  } finally {
    await server.close();
  }
});
