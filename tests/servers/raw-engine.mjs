// A deliberately broken Engine.IO peer (raw WebSocket, from the `ws` package socket.io uses),
// for behaviour a correct server never triggers: silence after the handshake, garbage frames.
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { WebSocketServer } = require("ws");

/**
 * `mode`: "silent" (handshake, namespace connect, then never pings) or "garbage" (then sends an
 * undecodable Socket.IO packet).
 */
export async function startRawEngine(mode) {
  const http = createServer((req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    res.writeHead(400);
    res.end();
  });
  const wss = new WebSocketServer({ server: http });
  let n = 0;
  wss.on("connection", (ws) => {
    const sid = `raw${String(++n).padStart(17, "0")}`;
    ws.send(`0${JSON.stringify({ sid, upgrades: [], pingInterval: 300, pingTimeout: 200, maxPayload: 1e6 })}`);
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith("40")) {
        ws.send(`40{"sid":"ns${sid}"}`);
        if (mode === "garbage") setTimeout(() => ws.send("42[\"broken\""), 50);
      }
    });
  });
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    close: () => new Promise((ok) => { for (const c of wss.clients) c.terminate(); wss.close(); http.close(ok); }),
  };
}
