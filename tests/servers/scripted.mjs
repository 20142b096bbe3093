// A scripted Engine.IO peer, over WebSocket or long-polling: it answers the handshake and the
// namespace CONNECT (with `connect`, a normal `{sid}` unless given), then sends `frames` (text
// strings, or Buffers for binary attachments), then `42["after"]`, so that a test can tell "the
// session survived" from "it closed" without sleeping. Over polling every frame after the
// handshake goes in one payload (base64 for binary), to test what a client does with packets
// that share a payload.
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { WebSocketServer } = require("ws");

const AFTER = '42["after"]';

export async function startScripted({ frames, connect }) {
  let n = 0;
  const handshake = (sid) => `0${JSON.stringify({ sid, upgrades: [], pingInterval: 10000, pingTimeout: 5000, maxPayload: 1e6 })}`;
  const joined = (sid) => [connect ?? `40{"sid":"ns${sid}"}`, ...frames, AFTER];
  /** Polling sessions: sid -> { queue, held response }. */
  const sessions = new Map();
  const flush = (s) => {
    if (!s.held || !s.queue.length) return;
    const body = s.queue.map((f) => (typeof f === "string" ? f : `b${f.toString("base64")}`)).join("\x1e");
    s.queue = [];
    s.held.writeHead(200, { "content-type": "text/plain; charset=UTF-8" }).end(body);
    s.held = null;
  };
  const http = createServer((req, res) => {
    res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
    res.setHeader("access-control-allow-credentials", "true");
    if (req.method === "OPTIONS") return res.writeHead(204).end();
    const sid = new URL(req.url, "http://x").searchParams.get("sid");
    if (!sid) {
      const id = `scr${String(++n).padStart(17, "0")}`;
      sessions.set(id, { queue: [], held: null });
      return res.writeHead(200, { "content-type": "text/plain; charset=UTF-8" }).end(handshake(id));
    }
    const s = sessions.get(sid);
    if (!s) return res.writeHead(400).end();
    if (req.method === "GET") {
      s.held?.writeHead(400).end();
      s.held = res;
      res.on("close", () => s.held === res && (s.held = null));
      return flush(s);
    }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/html" }).end("ok");
      if (body.split("\x1e").some((p) => p.startsWith("40"))) {
        s.queue.push(...joined(sid));
        flush(s);
      }
    });
  });
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (ws) => {
    const sid = `scr${String(++n).padStart(17, "0")}`;
    ws.send(handshake(sid));
    ws.on("message", (data) => {
      if (!data.toString().startsWith("40")) return;
      for (const f of joined(sid)) ws.send(f);
    });
  });
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    close: () =>
      new Promise((ok) => {
        for (const s of sessions.values()) s.held?.destroy();
        for (const c of wss.clients) c.terminate();
        wss.close();
        http.closeAllConnections?.();
        http.close(ok);
      }),
  };
}
