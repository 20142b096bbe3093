// `plugwire list | send` and HTTPS, against the real binary.
import { test, describe, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, connect, closeAll, next, cli, eventsCopy, getJson } from "./harness.mjs";

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

  test("a usage error is clap's exit 2", T, () => {
    const r = cli(["send"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--event <EVENT>/);
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
