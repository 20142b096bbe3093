// The framework tests' shared steps: `plugwire serve`, Chromium, events sent with the CLI, and
// waits that name their step.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { cli } from "../devserver/harness.mjs";

export { startServer, post } from "../devserver/harness.mjs";
export { launch, ARTIFACTS } from "../e2e/browser.mjs";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

/** Serves a built app from `dir` on a free port of 127.0.0.1; resolves to {url, close}. */
export async function serveDir(dir) {
  const site = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = normalize(join(dir, path === "/" ? "index.html" : path));
    try {
      if (!file.startsWith(dir + sep)) throw new Error("outside");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => site.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${site.address().port}`, close: () => new Promise((ok) => site.close(ok)) };
}

/** `plugwire send` a check-in of `name` (badge `badge`) at kiosk `identifier`. */
export function checkIn(srv, identifier, name, badge) {
  const data = JSON.stringify({ attendee_name: name, badge_number: badge });
  const r = cli(["send", "--event", "AttendeeCheckedIn", "--identifier", identifier, "--data", data, "--url", srv.url, "--events", srv.events]);
  if (r.code !== 0) throw new Error(`plugwire send failed (${r.code}): ${r.stderr}`);
}

/** Waits until `fn(arg)` is true in the page; a timeout names `step`. */
export async function until(page, step, fn, arg, timeout = 10_000) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 20 });
  } catch (e) {
    throw new Error(`${step}: not reached within ${timeout} ms (${e.message.split("\n")[0]})`);
  }
}

/** Starts recording, in the page, every event the store receives (`window.seen`: "event channel"). */
export function recordIncoming(page) {
  return page.evaluate(() => {
    window.seen = [];
    window.store.inspect((r) => r.direction === "in" && window.seen.push(`${r.event} ${r.channel}`));
  });
}

/** The store's listeners on `identifier` (0 when it has none). */
export const listenersOn = (page, identifier) => page.evaluate((id) => window.store.listenerCounts[id] ?? 0, identifier);
