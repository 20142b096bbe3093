// A small static server for the demo: www/ at "/", the package at "/pkg/".
// Used by `npm start` until the dev socket server serves the demo itself, and by the e2e tests.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".d.ts": "text/plain; charset=utf-8",
};

function resolvePath(urlPath) {
  const path = decodeURIComponent(urlPath.split("?")[0]);
  const [base, rel] = path.startsWith("/pkg/")
    ? [join(ROOT, "pkg"), path.slice(5)]
    : [join(ROOT, "www"), path.slice(1)];
  const file = normalize(join(base, rel || "index.html"));
  return file.startsWith(base + sep) || file === base ? file : null;
}

/** Starts the server on 127.0.0.1:`port` (0: any free port); resolves to the http.Server. */
export function serveStatic(port = 0, host = "127.0.0.1") {
  const server = createServer(async (req, res) => {
    let file = resolvePath(req.url);
    try {
      if (!file) throw Object.assign(new Error("forbidden"), { code: "ENOENT" });
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type, "cache-control": "no-cache" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((ok, err) => {
    server.once("error", err);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 3069);
  const server = await serveStatic(port, "127.0.0.1");
  console.log(`plugwire demo: http://localhost:${server.address().port}/`);
}
