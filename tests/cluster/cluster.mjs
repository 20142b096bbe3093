// A test cluster: Redis, three socket.io workers on a Redis adapter, nginx in front of them, a
// server of the test page and the client builds, and a control endpoint the page calls to kill or
// stop a worker mid-scenario. `both()` runs one scenario with socket.io-client and with plugwire,
// each against a cluster put back in the same state (all workers up, a fresh nginx).
import { createServer } from "node:http";
import { startReferenceServer } from "../servers/reference.mjs";
import { openBrowser, newPage, run } from "../client/harness.mjs";
import { startRedis, startNginx, startWorker } from "./procs.mjs";

/** Closes what was started, in reverse order, even when a later start failed. */
class Stack {
  items = [];
  push(item) {
    this.items.push(item);
    return item;
  }
  async close() {
    while (this.items.length) await this.items.pop().close();
  }
}

/**
 * Starts the cluster. `adapter`: "streams" or "pubsub"; `recovery`: connection state recovery on
 * the workers; `balance`: "sticky", "round-robin" or "cookie" (the nginx upstream, see
 * procs.mjs `startNginx`); `size`: how many workers.
 */
export async function startCluster({ adapter = "streams", recovery = false, balance = "sticky", size = 3 } = {}) {
  const stack = new Stack();
  try {
    const redis = stack.push(await startRedis());
    const names = Array.from({ length: size }, (_, i) => `w${i + 1}`);
    const workers = await Promise.all(names.map((name) => startWorker({ name, redisUrl: redis.url, adapter, recovery })));
    stack.push({ close: () => Promise.all(workers.map((w) => w.kill())) });
    const byName = Object.fromEntries(workers.map((w) => [w.name, w]));

    // The test page, /pkg/ and /sioc/ (a socket.io server nobody connects to: only its statics).
    const statics = stack.push(await startReferenceServer({ bare: true }));

    // GET /control/kill/<worker> (SIGKILL) and /control/stop/<worker> (SIGTERM, graceful); both
    // answer once the process has exited.
    const control = createServer(async (req, res) => {
      const [, , action, name] = req.url.split("/");
      const worker = byName[name];
      if (!worker || !["kill", "stop"].includes(action)) {
        res.writeHead(404);
        return res.end(`unknown control ${req.url}`);
      }
      await worker[action]();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ [action]: name, pid: worker.pid }));
    });
    await new Promise((ok) => control.listen(0, "127.0.0.1", ok));
    stack.push({ close: () => new Promise((ok) => control.close(ok)) });

    let nginx = null;
    const cluster = {
      /** The page's own origin, for scenarios whose page is not on nginx's. */
      statics: statics.url,
      /** Each worker's own URL, by name. */
      direct: () => Object.fromEntries(Object.values(byName).map((w) => [w.name, w.url])),
      /** Starts again (on its port) every worker a scenario killed or stopped. */
      async revive() {
        for (const [name, w] of Object.entries(byName)) {
          if (w.alive) continue;
          byName[name] = await startWorker({ name, redisUrl: redis.url, adapter, recovery, port: w.port });
          const i = workers.indexOf(w);
          workers[i] = byName[name];
        }
      },
      /**
       * A new nginx (round-robin counters and failed-peer marks start from zero) in front of the
       * workers named in `upstream` (all by default), balanced as the cluster's `balance` or as
       * given; returns its URL.
       */
      async freshNginx({ upstream = names, balance: how = balance } = {}) {
        await nginx?.close();
        nginx = null;
        const workerPorts = upstream.map((name) => byName[name].port);
        nginx = await startNginx({ workerPorts, staticPort: statics.port, controlPort: control.address().port, balance: how });
        return nginx.url;
      },
      close: async () => {
        await nginx?.close();
        await stack.close();
      },
    };
    return cluster;
  } catch (e) {
    await stack.close();
    throw e;
  }
}

/**
 * The browser of tests/client/harness.mjs, with two more functions in every page:
 * `step(name, promise)` rejects with the step's name in front of the reason, so a failed wait
 * says where it was; `ask(socket, event, ...args)` is `emitWithAck` with a deadline, named after
 * the event.
 */
export async function openClusterBrowser() {
  const { browser, context } = await openBrowser();
  await context.addInitScript(() => {
    window.step = (name, promise) =>
      promise.catch((e) => {
        throw new Error(`${name}: ${e?.message ?? e}`);
      });
    window.ask = (socket, event, ...args) => window.step(`the ack of "${event}"`, socket.timeout(5000).emitWithAck(event, ...args));
  });
  return { browser, context };
}

/**
 * Runs `scenario` (an async function run in the page, see tests/client/harness.mjs) with
 * socket.io-client, then plugwire, each on a fresh page (no cookies) whose origin is a fresh
 * nginx in front of the workers (all, or those named in `upstream`; balanced as `balance`), or,
 * with `crossOrigin`, the server of the page itself. The scenario gets `url` (nginx) and
 * `direct` (each worker's own URL).
 */
export async function both(context, cluster, scenario, args = {}, { upstream, balance, crossOrigin = false } = {}) {
  const out = {};
  for (const lib of ["reference", "plugwire"]) {
    await cluster.revive();
    await context.clearCookies();
    const url = await cluster.freshNginx({ upstream, balance });
    const page = await newPage(context, crossOrigin ? cluster.statics : url);
    try {
      out[lib] = await run(page, lib, scenario, { url, direct: cluster.direct(), ...args });
    } catch (e) {
      throw new Error(`${lib}: ${e.message}`);
    } finally {
      await page.close();
    }
  }
  return out;
}
