// vitest for the package as a plugin's tests would use it: "plugwire" resolved from
// node_modules like any dependency, in happy-dom and in jsdom.
import { fileURLToPath } from "node:url";

export default {
  root: fileURLToPath(new URL(".", import.meta.url)),
  // The workspace links node_modules/plugwire to pkg/; keeping the link's path makes vitest treat
  // it as an installed dependency (externalised, loaded by Node), as in a plugin's project.
  resolve: { preserveSymlinks: true },
  test: {
    include: ["*.spec.js"],
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: "happy-dom", environment: "happy-dom" } },
      { extends: true, test: { name: "jsdom", environment: "jsdom" } },
    ],
  },
};
