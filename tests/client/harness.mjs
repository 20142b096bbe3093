// Runs client scenarios in headless Chromium, against the Node socket.io server, with both
// socket.io-client (the reference) and plugwire, so a test can require identical behaviour.
import { launch } from "../e2e/browser.mjs";

export const CLIENTS = {
  reference: "/sioc/socket.io.esm.min.js",
  plugwire: "/pkg/index.js",
};

// Helpers installed in every page as `T`. Every wait has a deadline.
const HELPERS = () => {
  window.T = {
    next(emitter, event, ms = 5000) {
      return new Promise((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`no "${event}" within ${ms} ms`)), ms);
        emitter.once(event, (...args) => {
          clearTimeout(t);
          ok(args);
        });
      });
    },
    sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)),
    /** Records the socket's events (and the manager's) as [source, event, ...args]. */
    trace(socket, events = ["connect", "disconnect", "connect_error"], managerEvents = []) {
      const log = [];
      for (const e of events) socket.on(e, (...a) => log.push(["socket", e, ...a.map(T.plain)]));
      for (const e of managerEvents) socket.io.on(e, (...a) => log.push(["manager", e, ...a.map(T.plain)]));
      return log;
    },
    plain(v) {
      if (v instanceof Error) return { error: v.message, ...(v.data !== undefined ? { data: v.data } : {}) };
      if (v instanceof ArrayBuffer) return { bytes: [...new Uint8Array(v)] };
      if (ArrayBuffer.isView(v)) return { bytes: [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] };
      if (typeof v === "function") return "<function>";
      if (Array.isArray(v)) return v.map(T.plain);
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, T.plain(x)]));
      return v;
    },
    /**
     * Resolves when `cond()` is true (polled every 5 ms), or rejects after `ms`; the error names
     * `state()`, when given, so that a failure shows what was there instead.
     */
    until(cond, ms = 5000, state) {
      return new Promise((ok, fail) => {
        const start = Date.now();
        const failed = () => new Error(`condition not met${state ? `: ${JSON.stringify(T.plain(state()))}` : ""}`);
        const check = () => (cond() ? ok() : Date.now() - start > ms ? fail(failed()) : setTimeout(check, 5));
        check();
      });
    },
  };
};

export async function openBrowser() {
  const browser = await launch();
  const context = await browser.newContext();
  await context.addInitScript(HELPERS);
  return { browser, context };
}

/** A fresh page on `origin` (the server that also serves the clients). */
export async function newPage(context, origin) {
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.goto(origin + "/");
  return page;
}

/**
 * Runs `scenario` in `page` with the client `lib` ("reference" or "plugwire"). The scenario is
 * an async function `({ io, Manager, url, ...args }) => result` and runs in the browser.
 */
export async function run(page, lib, scenario, args = {}) {
  return page.evaluate(
    async ([src, libUrl, a]) => {
      const mod = await import(libUrl);
      const fn = (0, eval)(`(${src})`);
      return await fn({ io: mod.io, Manager: mod.Manager, ...a });
    },
    [scenario.toString(), CLIENTS[lib], args],
  );
}

/** Runs `scenario` with both clients (each on a fresh page); returns { reference, plugwire }. */
export async function both(context, origin, scenario, args = {}) {
  const out = {};
  for (const lib of ["reference", "plugwire"]) {
    const page = await newPage(context, origin);
    try {
      out[lib] = await run(page, lib, scenario, { url: origin, ...args });
    } finally {
      await page.close();
    }
  }
  return out;
}
