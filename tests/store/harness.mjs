// Store tests: pages served by the plugwire dev server (same origin as its Socket.IO endpoint).
import { launch } from "../e2e/browser.mjs";

export async function openPage(url) {
  const browser = await launch();
  const page = await browser.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.warnings = [];
  page.on("console", (m) => m.type() === "warning" && page.warnings.push(m.text()));
  await page.goto(url + "/");
  await page.evaluate(() => {
    window.T = {
      until(cond, ms = 5000) {
        return new Promise((ok, fail) => {
          const start = Date.now();
          const check = () => (cond() ? ok() : Date.now() - start > ms ? fail(new Error("condition not met: " + cond)) : setTimeout(check, 5));
          check();
        });
      },
      sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)),
    };
  });
  return { browser, page };
}

/** Runs `fn({ createStore, url, ...args })` in the page. */
export function inPage(page, fn, args = {}) {
  return page.evaluate(
    async ([src, a]) => {
      const { createStore } = await import("/pkg/index.js");
      return (0, eval)(`(${src})`)({ createStore, ...a });
    },
    [fn.toString(), args],
  );
}

export const MANIFEST = {
  dependencies: [
    { identifier: "badge_printer_1", model: "BadgePrinter", events: { created: "BadgePrintJobCreated", updated: "BadgePrintJobUpdated", completed: "BadgePrintJobCompleted" } },
    { identifier: "badge_printer_2", model: "BadgePrinter", events: { completed: "BadgePrintJobCompleted" } },
    { identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } },
    { identifier: "ai_interface_background_remover", model: "AiInterface" },
  ],
};
