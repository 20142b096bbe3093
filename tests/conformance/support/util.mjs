// The helpers the ported tests import from "./support/util" (same contract, our own code):
// `wrap` turns a done-callback body into a promise, `success` disconnects and calls done, and
// BASE_URL is the suite's server, which is also the page's origin.

/**
 * Runs `fn(done)` and settles when `done` is called: rejects on `done(err)`; a `done()` after a
 * successful one throws (a test that finishes twice is a defect).
 */
export function wrap(fn) {
  let finished = false;
  return new Promise((resolve, reject) => {
    fn((err) => {
      if (finished) throw new Error("done() was called multiple times");
      if (err) return reject(err);
      finished = true;
      resolve();
    });
  });
}

export function success(done, socket) {
  socket.disconnect();
  done();
}

export const BASE_URL = location.origin;
