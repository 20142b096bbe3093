// Runs the SDK's wasm-bindgen browser tests in headless Chromium against the reference server.
import { spawn } from "node:child_process";
import { startReferenceServer } from "./servers/reference.mjs";

const PORT = 39011; // baked into the wasm test at compile time (PLUGWIRE_REFERENCE_PORT)
const server = await startReferenceServer({ port: PORT });
const child = spawn(
  "cargo",
  ["test", "--target", "wasm32-unknown-unknown", "-p", "plugwire", "--test", "browser_engine"],
  { stdio: "inherit", env: { ...process.env, PLUGWIRE_REFERENCE_PORT: String(PORT) } },
);
const code = await new Promise((ok) => child.on("exit", (c, sig) => ok(c ?? (sig ? 1 : 0))));
await server.close();
process.exit(code);
