// Runs one scenario in headless Chromium with socket.io-client 2.5.0 (the reference for
// Socket.IO 2.x servers) and with plugwire, each on a fresh page, so a test can require
// identical results. The page utilities (`T`) are those of tests/client/harness.mjs.
import { openBrowser, newPage } from "../client/harness.mjs";

export { openBrowser };

/** The clients: socket.io-client 2.5.0's browser build (a global `io`), plugwire's ESM entry. */
export const LIBS = ["sioc2", "plugwire"];

/**
 * Runs `scenario({ io, Echo, lib, ...args })` in a fresh page with client `lib`; `Echo` is
 * laravel-echo 2.x's constructor. Pages stay open until `page.close()` when `keep` is given
 * (the test drives the servers between steps with `page.evaluate`).
 */
export async function open(context, origin, lib) {
  const page = await newPage(context, origin);
  await page.evaluate(async (lib) => {
    if (lib === "sioc2") {
      await new Promise((ok, fail) => {
        const s = document.createElement("script");
        s.src = "/sioc2/socket.io.js";
        s.onload = ok;
        s.onerror = () => fail(new Error("socket.io-client 2.5.0 did not load"));
        document.head.append(s);
      });
      window.__io = window.io;
    } else {
      window.__io = (await import("/pkg/index.js")).io;
    }
    window.__Echo = (await import("/echo/echo.js")).default;
  }, lib);
  return page;
}

/** Runs `scenario` in `page` (opened by [`open`]). */
export function run(page, lib, scenario, args = {}) {
  return page.evaluate(
    async ([src, lib, a]) => (0, eval)(`(${src})`)({ io: window.__io, Echo: window.__Echo, lib, ...a }),
    [scenario.toString(), lib, args],
  );
}

/** Runs `scenario` with both clients, each in a fresh page; returns { sioc2, plugwire }. */
export async function both(context, origin, scenario, args = {}) {
  const out = {};
  for (const lib of LIBS) {
    const page = await open(context, origin, lib);
    try {
      out[lib] = await run(page, lib, scenario, { url: origin, ...args });
      if (page.errors.length) throw new Error(`${lib}: page errors: ${page.errors.join("; ")}`);
    } finally {
      await page.close();
    }
  }
  return out;
}
