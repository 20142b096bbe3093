// Launches Debian's headless Chromium through playwright-core (never a downloaded browser).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

export const ARTIFACTS = new URL("../../test-results/", import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** Opens a page that records console errors and uncaught exceptions in `page.errors`. */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && page.errors.push(m.text()));
  await page.goto(url, { timeout: 15_000 });
  return page;
}
