// Misbehaving Engine.IO peers, for behaviour a correct server never triggers. Each answers the
// handshake and the namespace CONNECT, then does one wrong thing, then sends the event "after"
// (so a test can tell "the session survived" from "it closed" without sleeping).
import { createServer } from "node:http";
import { startRawPeer } from "./raw-engine.mjs";

/** What the WebSocket peer sends after the namespace CONNECT, by mode. */
const WRONG = {
  /** Not an Engine.IO packet at all. */
  "bad-frame": "9garbage",
  /** An Engine.IO close packet over WebSocket (engine.io-client ignores it there). */
  "close-packet": "1",
  /** An ack for an id beyond 2^53 (socket.io-parser reads it as a Number; no ack matches). */
  "big-ack": "39007199254740993[]",
  /** A Socket.IO packet that does not decode ("parse error", and no manager `error`). */
  "bad-packet": '42["broken"',
  /** An event for a namespace whose name has a space (socket.io-parser takes any name up to
   * the comma; no socket joined it, so it is dropped). */
  "odd-namespace": '42/ch at,["x"]',
  /** A namespace name running into the data (no comma): the name swallows it (an event without
   * data, for a namespace no socket joined). */
  "glued-namespace": '42/chat["x"]',
  /** An event without data, on the joined namespace (socket.io-client emits nothing). */
  "no-data": "42",
  /** Malformed data for a namespace no socket joined (the parser reads it all the same). */
  "other-namespace": '42/other,["broken"',
};

/** A raw WebSocket Engine.IO peer doing `mode` (a key of WRONG), then sending "after". */
export function startMisbehaving(mode) {
  return startRawPeer({
    pingInterval: 10000,
    pingTimeout: 5000,
    onJoin: (ws) => {
      ws.send(WRONG[mode]);
      ws.send('42["after"]');
    },
  });
}

/**
 * A long-polling peer that opens sessions but then refuses the session's POSTs with 400 (as a
 * worker that does not know the session does behind a round-robin balancer); its GETs hang, so
 * the POST's failure is what closes the session.
 */
export async function startRefusingPolls() {
  const held = new Set();
  let n = 0;
  const http = createServer((req, res) => {
    res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
    res.setHeader("access-control-allow-credentials", "true");
    const url = new URL(req.url, "http://x");
    if (req.method === "OPTIONS") return res.writeHead(204).end();
    if (!url.searchParams.get("sid")) {
      const sid = `poll${String(++n).padStart(16, "0")}`;
      res.writeHead(200, { "content-type": "text/plain; charset=UTF-8" });
      return res.end(`0${JSON.stringify({ sid, upgrades: [], pingInterval: 10000, pingTimeout: 5000, maxPayload: 1e6 })}`);
    }
    if (req.method === "GET") {
      held.add(res);
      res.on("close", () => held.delete(res));
      return;
    }
    req.resume();
    req.on("end", () => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"code":1,"message":"Session ID unknown"}');
    });
  });
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    close: () => new Promise((ok) => { for (const r of held) r.destroy(); http.closeAllConnections?.(); http.close(ok); }),
  };
}
