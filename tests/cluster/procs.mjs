// The real processes of a cluster test: Debian's redis-server and nginx, and Node socket.io
// workers, each on 127.0.0.1 with a free port, each in its own temporary directory, each stopped
// by its process id (at the end of a test file, and on any exit of the test process).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Debian's binaries (scripts/bootstrap.sh installs them); /usr/sbin is not on every user's PATH.
const REDIS = process.env.REDIS_SERVER ?? (existsSync("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server");
const NGINX = process.env.NGINX ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx");

/**
 * Every child still running; killed by pid if the test process exits without stopping them (an
 * uncaught error, or the test runner's SIGTERM/SIGINT). Workers also exit when their stdin, a
 * pipe from this process, closes: even a SIGKILL of this process leaves none behind.
 */
const LIVE = new Set();
/** The temporary directories not yet removed, removed on exit too. */
const TEMP = new Set();
function killAll() {
  for (const child of LIVE) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (const dir of TEMP) rmSync(dir, { recursive: true, force: true });
}
process.on("exit", killAll);
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === "SIGTERM" ? 15 : 2));
  });
}

/** A port that was free a moment ago (for programs that cannot listen on port 0 and report it). */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

export function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `plugwire-${name}-`));
  TEMP.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  TEMP.delete(dir);
}

/**
 * `cmd args` run through util-linux's `setpriv --pdeathsig SIGKILL` where it exists: the kernel
 * kills the program if this process dies without stopping it (even by SIGKILL). Same pid.
 */
function orphanProof(cmd, args) {
  return existsSync("/usr/bin/setpriv") ? ["/usr/bin/setpriv", ["--pdeathsig", "SIGKILL", "--", cmd, ...args]] : [cmd, args];
}

/**
 * Spawns `cmd` and resolves once a line of its stdout or stderr matches `ready` (with the match),
 * or rejects, naming `step`, when it exits first or `ms` passes. The child's output is kept in
 * `child.output` for failure messages.
 */
export function startProcess(step, cmd, args, { ready, ms = 10_000, env, cwd } = {}) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  LIVE.add(child);
  child.output = "";
  child.exited = new Promise((ok) =>
    child.once("exit", (code, signal) => {
      LIVE.delete(child);
      ok({ code, signal });
    }),
  );
  return new Promise((ok, fail) => {
    let buffer = "";
    const timer = setTimeout(() => {
      stopProcess(child);
      fail(new Error(`${step}: not ready within ${ms} ms; output:\n${child.output}`));
    }, ms);
    const onData = (chunk) => {
      child.output += chunk;
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop();
      for (const line of lines) {
        const m = line.match(ready);
        if (m) {
          clearTimeout(timer);
          child.stdout.off("data", onData);
          child.stderr.off("data", onData);
          // Keep draining (a full pipe would block the child) into the failure log.
          child.stdout.on("data", (c) => (child.output += c));
          child.stderr.on("data", (c) => (child.output += c));
          return ok({ child, match: m });
        }
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.once("error", (e) => {
      clearTimeout(timer);
      fail(new Error(`${step}: could not start ${cmd}: ${e.message}`));
    });
    child.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`${step}: ${cmd} exited (${code ?? signal}) before it was ready; output:\n${child.output}`));
    });
  });
}

/** Stops a child by its pid: `signal` (SIGTERM by default), SIGKILL if it is still there after `ms`. */
export async function stopProcess(child, { signal = "SIGTERM", ms = 3000 } = {}) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    return;
  }
  let timer;
  const late = new Promise((ok) => (timer = setTimeout(() => ok("late"), ms)));
  if ((await Promise.race([child.exited, late])) === "late") {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // exited in between
    }
    await child.exited;
  }
  clearTimeout(timer);
}

/** Debian's redis-server: no persistence, its own directory, 127.0.0.1 only. */
export async function startRedis() {
  const dir = tempDir("redis");
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", ""];
  const { child } = await startProcess("redis-server", ...orphanProof(REDIS, args), { ready: /Ready to accept connections/ });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    close: async () => {
      await stopProcess(child);
      removeTempDir(dir);
    },
  };
}

/**
 * nginx in front of the workers, from a generated configuration under its own prefix (pid, logs,
 * lock and temp paths all inside it, `daemon off`). `/socket.io/` goes to the `workers` upstream
 * (`balance`: "sticky" hashes the client address, "round-robin" is nginx's default, "cookie"
 * sends a client back to the worker named in a cookie nginx sets), everything
 * `/control/` to the test's `controlPort`, everything else to `staticPort` (the server of the test
 * page and the client builds), so page loads never move the round-robin counter.
 */
export async function startNginx({ workerPorts, staticPort, controlPort, balance }) {
  const prefix = tempDir("nginx");
  // nginx run as root drops its workers to `nobody`, who must reach the temp paths.
  chmodSync(prefix, 0o755);
  mkdirSync(join(prefix, "logs"));
  const port = await freePort();
  const p = (name) => join(prefix, name);
  if (!["sticky", "round-robin", "cookie"].includes(balance)) throw new Error(`unknown balance "${balance}"`);
  const method = balance === "sticky" ? "hash $remote_addr consistent;" : "";
  // "cookie": round robin for a client without the `worker` cookie; nginx sets it to the worker
  // that answered, and a request that carries it goes straight to that worker.
  const servers = workerPorts.map((wp) => `127.0.0.1:${wp}`);
  const cookie =
    balance === "cookie"
      ? `  map $cookie_worker $backend {
    default workers;
${servers.map((s) => `    "${s}" ${s};`).join("\n")}
  }`
      : "";
  const target = balance === "cookie" ? "$backend" : "workers";
  const setCookie = balance === "cookie" ? `\n      add_header Set-Cookie "worker=$upstream_addr; Path=/; HttpOnly; SameSite=Lax" always;` : "";
  // One process (no master): its pid is all of nginx, and setpriv's parent-death signal reaches it.
  const conf = `daemon off;
master_process off;
pid ${p("nginx.pid")};
lock_file ${p("nginx.lock")};
error_log stderr notice;
events { worker_connections 512; }
http {
  access_log ${p("logs/access.log")};
  client_body_temp_path ${p("tmp-body")};
  proxy_temp_path ${p("tmp-proxy")};
  fastcgi_temp_path ${p("tmp-fastcgi")};
  uwsgi_temp_path ${p("tmp-uwsgi")};
  scgi_temp_path ${p("tmp-scgi")};
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
${cookie}
  upstream workers {
    ${method}
${workerPorts.map((wp) => `    server 127.0.0.1:${wp} max_fails=1 fail_timeout=5s;`).join("\n")}
  }
  server {
    listen 127.0.0.1:${port};
    location /socket.io/ {
      proxy_pass http://${target};${setCookie}
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
    location /control/ {
      proxy_pass http://127.0.0.1:${controlPort};
    }
    location / {
      proxy_pass http://127.0.0.1:${staticPort};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
  writeFileSync(p("nginx.conf"), conf);
  const { child } = await startProcess("nginx", ...orphanProof(NGINX, ["-p", prefix, "-c", p("nginx.conf"), "-e", "stderr"]), {
    // Logged once the listening sockets are open (nginx's os status, after its cycle is set up).
    ready: /getrlimit\(RLIMIT_NOFILE\)/,
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    conf,
    close: async () => {
      await stopProcess(child); // SIGTERM: nginx's fast shutdown, open WebSockets closed at once
      removeTempDir(prefix);
    },
  };
}

const WORKER = new URL("./worker.mjs", import.meta.url).pathname;

/**
 * A Node socket.io 4.8 worker (tests/cluster/worker.mjs) on `port` (0: any free port), with the
 * Redis `adapter` ("streams": @socket.io/redis-streams-adapter, "pubsub": @socket.io/redis-adapter).
 */
export async function startWorker({ name, redisUrl, adapter = "streams", recovery = false, port = 0 }) {
  const env = { WORKER_NAME: name, REDIS_URL: redisUrl, ADAPTER: adapter, RECOVERY: recovery ? "1" : "", PORT: String(port) };
  const { child, match } = await startProcess(`worker ${name}`, process.execPath, [WORKER], { env, ready: /^listening (\d+)$/ });
  const actual = Number(match[1]);
  return {
    name,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    pid: child.pid,
    child,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    /** SIGKILL: the process dies mid-stream, nothing is flushed or persisted. */
    kill: () => stopProcess(child, { signal: "SIGKILL" }),
    /** SIGTERM: the worker closes its server (sessions persisted for recovery), then exits. */
    stop: () => stopProcess(child, { signal: "SIGTERM", ms: 5000 }),
  };
}
