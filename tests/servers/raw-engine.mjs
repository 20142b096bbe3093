// Deliberately broken Engine.IO peers (raw WebSocket, from the `ws` package socket.io uses), for
// behaviour a correct server never triggers: silence after the handshake, garbage frames.
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { WebSocketServer } = require("ws");

/**
 * A raw WebSocket Engine.IO peer: it sends the handshake (with these heartbeat settings) and
 * answers a namespace CONNECT with its own; `onJoin(ws)` then does what the test needs.
 * `handshake(sid)` and `connect(sid)` replace the open packet's and the CONNECT's JSON.
 */
export async function startRawPeer({ pingInterval, pingTimeout, onJoin, handshake, connect }) {
  const http = createServer((req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    res.writeHead(400);
    res.end();
  });
  const wss = new WebSocketServer({ server: http });
  let n = 0;
  wss.on("connection", (ws) => {
    const sid = `raw${String(++n).padStart(17, "0")}`;
    ws.send(`0${handshake?.(sid) ?? JSON.stringify({ sid, upgrades: [], pingInterval, pingTimeout, maxPayload: 1e6 })}`);
    ws.on("message", (data) => {
      if (!data.toString().startsWith("40")) return;
      ws.send(`40${connect?.(sid) ?? `{"sid":"ns${sid}"}`}`);
      onJoin(ws);
    });
  });
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    close: () => new Promise((ok) => { for (const c of wss.clients) c.terminate(); wss.close(); http.close(ok); }),
  };
}

/**
 * `mode`: "silent" (handshake, namespace connect, then never pings) or "garbage" (then sends an
 * undecodable Socket.IO packet).
 */
export function startRawEngine(mode) {
  return startRawPeer({
    pingInterval: 300,
    pingTimeout: 200,
    onJoin: (ws) => {
      if (mode === "garbage") setTimeout(() => ws.send("42[\"broken\""), 50);
    },
  });
}
