// `plugwire list | send` and HTTPS, against the real binary.
import { test, describe, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, connect, closeAll, next, cli, eventsCopy, getJson, waitLog, REPO } from "./harness.mjs";

const T = { timeout: 30_000 };

describe("plugwire list", () => {
  test("lists every template with its channel, aligned, with usage hints", T, () => {
    const events = eventsCopy();
    writeFileSync(join(events, "Broken.json"), '{"event": "Broken",\n "data": [1,]}');
    const { code, stdout } = cli(["list", "--events", events]);
    assert.equal(code, 0);
    const line = (name) => stdout.split("\n").find((l) => l.trimStart().startsWith(name + " "));
    assert.match(line("AttendeeCheckedIn"), /^ {2}AttendeeCheckedIn +private\.CheckIn\.checkin_kiosk_lobby$/);
    assert.match(line("state-change"), /\(no channel\)/);
    // Channels start in the same column.
    const col = (name) => line(name).indexOf("private.");
    assert.equal(col("AttendeeCheckedIn"), col("AiSessionMessageCreated"));
    assert.match(stdout, /Broken templates:\n {2}Broken\.json \(line 2, column 13\): trailing comma\n/);
    assert.match(stdout, /Usage:\n {2}plugwire send --event /);
    assert.doesNotMatch(stdout, /\x1b\[/, "no colour when not a terminal");
  });

  test("an empty directory says so", T, () => {
    const { code, stdout } = cli(["list", "--events", mkdtempSync(join(tmpdir(), "pw-empty-"))]);
    assert.equal(code, 0);
    assert.match(stdout, /^No socket events in /);
  });
});

describe("plugwire send", () => {
  let srv;
  before(async () => (srv = await startServer()));
  after(() => srv.stop());
  afterEach(closeAll);

  test("sends the template through the server; --identifier rewrites the channel", T, async () => {
    const echo = await connect(srv.url, { wire: "echo" });
    const got = next(echo, "AttendeeCheckedIn");
    const r = cli(["send", "--event", "AttendeeCheckedIn", "--identifier", "kiosk_2", "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Sent AttendeeCheckedIn on private.CheckIn.kiosk_2 to 1 client(s)");
    const [channel, data] = await got;
    assert.equal(channel, "private.CheckIn.kiosk_2");
    assert.equal(data.attendee_name, "John Doe");
  });

  test("--data (inline or @file) and --channel replace the template's", T, async () => {
    const plain = await connect(srv.url);
    const echo = await connect(srv.url, { wire: "echo" });
    let got = [next(plain, "AttendeeCheckedIn"), next(echo, "AttendeeCheckedIn")];
    let r = cli(["send", "--event", "AttendeeCheckedIn", "--data", '{"id": 9}', "--channel", "private.CheckIn.k9", "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await Promise.all(got), [[{ id: 9 }], ["private.CheckIn.k9", { id: 9 }]]);

    const file = join(mkdtempSync(join(tmpdir(), "pw-data-")), "d.json");
    writeFileSync(file, '{"from": "file"}');
    got = next(plain, "AttendeeCheckedIn");
    r = cli(["send", "--event", "AttendeeCheckedIn", "--data", `@${file}`, "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await got, [{ from: "file" }]);
  });

  test("the port comes from SOCKET_IO_PORT when --url is not given", T, async () => {
    const plain = await connect(srv.url);
    const got = next(plain, "state-change");
    const port = new URL(srv.url).port;
    const r = cli(["send", "--event", "state-change", "--events", srv.events], { SOCKET_IO_PORT: port });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await got)[0].changes, { theme: "dark", remote_value: 42 });
  });

  test("an unknown event names the missing file and the available events (exit 1)", T, () => {
    const r = cli(["send", "--event", "Nope", "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Event file not found: Nope\.json\n/);
    assert.match(r.stderr, /Available events: .*AttendeeCheckedIn/);
  });

  test("invalid --data is reported with the parse error (exit 1)", T, () => {
    const r = cli(["send", "--event", "AttendeeCheckedIn", "--data", "{oops", "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Invalid --data JSON: key must be a string at line 1 column 2/);
  });

  test("--identifier on a template without a channel is an error (exit 1)", T, () => {
    const r = cli(["send", "--event", "state-change", "--identifier", "x", "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--identifier needs a channel/);
  });

  test("a broken template file is reported with its position (exit 1)", T, () => {
    const events = eventsCopy();
    writeFileSync(join(events, "Bad.json"), '{"event": "Bad", "data": }');
    const r = cli(["send", "--event", "Bad", "--url", srv.url, "--events", events]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Invalid template Bad\.json: expected value at line 1 column 26\n/);
  });

  test("a server that is not running is named, with the hint to start it (exit 3)", T, () => {
    const r = cli(["send", "--event", "AttendeeCheckedIn", "--url", "http://127.0.0.1:9", "--events", srv.events]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /Cannot connect to dev server at http:\/\/127\.0\.0\.1:9: /);
    assert.match(r.stderr, /Start it with: plugwire serve/);
  });

  test("without a template file, --data and --channel make the event (as list's usage says)", T, async () => {
    const echo = await connect(srv.url, { wire: "echo" });
    const got = next(echo, "MyCustomEvent");
    const r = cli(["send", "--event", "MyCustomEvent", "--data", '{"id": 1}', "--channel", "private.Model.id", "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Sent MyCustomEvent on private.Model.id to 1 client(s)");
    assert.deepEqual(await got, ["private.Model.id", { id: 1 }]);
    assert.match(cli(["list", "--events", srv.events]).stdout, /plugwire send --event NAME --data '\{"id": 1\}' --channel private\.Model\.id/);
    // Without them, a missing file is still an error, with the way out.
    const missing = cli(["send", "--event", "MyCustomEvent", "--url", srv.url, "--events", srv.events]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Event file not found: MyCustomEvent\.json\n.*\nTo send an event without a template, give --data and\/or --channel\./);
  });

  test("0 receiving clients is sent (exit 0) with a warning that says so", T, () => {
    const r = cli(["send", "--event", "AttendeeCheckedIn", "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /to 0 client\(s\)/);
    assert.match(r.stderr, /^warning: no client received it: none is connected to http:\/\/127\.0\.0\.1:\d+ \(or, with serve --rooms, subscribed to private\.CheckIn\.checkin_kiosk_lobby\)\n$/);
  });

  test("--url that is not an http(s) URL is a usage error (exit 2), not 'cannot connect'", T, () => {
    for (const url of ["not-a-url", "ftp://127.0.0.1:1", "http://"]) {
      const r = cli(["send", "--event", "AttendeeCheckedIn", "--url", url, "--events", srv.events]);
      assert.equal(r.code, 2, url);
      assert.match(r.stderr, /invalid value .* for '--url <URL>'/, url);
      assert.doesNotMatch(r.stderr, /Cannot connect/);
    }
  });

  test("empty --event, --channel or --identifier is a usage error (exit 2)", T, () => {
    for (const [flag, args] of [["--event", ["--event", ""]], ["--channel", ["--event", "AttendeeCheckedIn", "--channel", ""]],
      ["--identifier", ["--event", "AttendeeCheckedIn", "--identifier", ""]]]) {
      const r = cli(["send", ...args, "--url", srv.url, "--events", srv.events]);
      assert.equal(r.code, 2, flag);
      assert.match(r.stderr, new RegExp(`a value is required for '${flag} <`), flag);
    }
  });

  test("a usage error is clap's exit 2", T, () => {
    const r = cli(["send"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--event <EVENT>/);
  });
});

describe("help and start-up messages", () => {
  afterEach(closeAll);

  test("--help gives the default port, for the program, serve and send", T, () => {
    for (const args of [["--help"], ["serve", "--help"], ["send", "--help"]]) {
      const r = cli(args);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /3069/, args.join(" "));
    }
    assert.match(cli(["send", "--help"]).stdout, /--url <URL>\s+Dev server URL \[default: http:\/\/127\.0\.0\.1:3069/);
  });

  test("serve prints the demo URL and the matching send command", T, async () => {
    const srv = await startServer();
    try {
      await waitLog({ log: srv.stdout, child: { stderr: srv.child.stdout } }, /send an event/, "banner");
      assert.match(srv.stdout(), new RegExp(`^plugwire dev server listening on ${srv.url}/\n  demo page: +${srv.url}/\n  send an event: plugwire send --event AttendeeCheckedIn --url ${srv.url}\n`));
    } finally {
      await srv.stop();
    }
  });

  test("serve in a folder without socket-events/ or www/ says so, and still serves", T, async () => {
    const empty = mkdtempSync(join(tmpdir(), "pw-empty-"));
    const srv = await startServer({ events: null, root: null, cwd: empty });
    try {
      await waitLog(srv, /no templates folder/, "templates warning");
      await waitLog(srv, /no www\/ folder here: the demo page is not served/, "www warning");
      assert.doesNotMatch(srv.stdout(), /demo page/);
      assert.equal((await getJson(srv.url, "/health")).status, 200);
    } finally {
      await srv.stop();
    }
  });

  test("npm run plugwire says it is building when the binary is not built yet", T, async () => {
    const target = mkdtempSync(join(tmpdir(), "pw-target-"));
    const child = spawn("bash", ["scripts/plugwire.sh", "--version"], {
      cwd: REPO, env: { ...process.env, CARGO_TARGET_DIR: target }, stdio: ["ignore", "ignore", "pipe"], detached: true,
    });
    let err = "";
    try {
      await new Promise((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`no building message within 10 s:\n${err}`)), 10_000);
        child.stderr.on("data", (d) => {
          err += d;
          if (/^plugwire: building the dev server \(first run/.test(err)) (clearTimeout(t), ok());
        });
      });
    } finally {
      // The build itself is not the point: stop it (its whole process group).
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
  });
});

describe("HTTPS (USE_HTTPS, CERT_PATH, KEY_PATH)", () => {
  const dir = mkdtempSync(join(tmpdir(), "pw-tls-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  before(() => {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
      "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stdio: "ignore" });
  });
  afterEach(closeAll);

  test("serves Socket.IO and the API over TLS with a generated certificate", T, async () => {
    const srv = await startServer({ env: { USE_HTTPS: "true", CERT_PATH: cert, KEY_PATH: key } });
    try {
      assert.match(srv.url, /^https:\/\//);
      const s = await connect(srv.url, { wire: "echo" });
      const got = next(s, "AttendeeCheckedIn");
      const r = cli(["send", "--event", "AttendeeCheckedIn", "--identifier", "tls_1", "--url", srv.url, "--events", srv.events]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await got)[0], "private.CheckIn.tls_1");
      // Plain HTTP is not served on the TLS port.
      await assert.rejects(getJson(srv.url.replace("https:", "http:"), "/health"));
    } finally {
      await srv.stop();
    }
  });

  test("a missing key path is a usage error naming KEY_PATH (exit 2)", T, () => {
    const r = cli(["serve", "--port", "0"], { USE_HTTPS: "true", CERT_PATH: cert });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /required arguments were not provided:\n {2}--key <KEY_PATH>/);
  });

  for (const [name, env, message] of [
    ["a missing certificate file", { CERT_PATH: join(dir, "nope.pem"), KEY_PATH: key }, /cannot read certificate .*nope\.pem \(CERT_PATH\)/],
    ["a file that is not a certificate", { CERT_PATH: key, KEY_PATH: key }, /no certificate found in .*key\.pem/],
    ["a key that is not a key", { CERT_PATH: cert, KEY_PATH: cert }, /invalid private key in .*cert\.pem/],
  ]) {
    test(`${name} is a clear error and a non-zero exit`, T, () => {
      const r = cli(["serve", "--port", "0"], { USE_HTTPS: "true", ...env });
      assert.equal(r.code, 1);
      assert.match(r.stderr, message);
    });
  }
});
