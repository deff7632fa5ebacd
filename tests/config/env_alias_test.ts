import assert from "node:assert/strict";
import { Settings } from "../../src/config/resolve.ts";

const noFile = {
  path: "/nonexistent/config.yaml",
  exists: false,
  activeProfile: "default",
  profiles: new Map(),
  invalid: [],
};
const ENV_ID = "11111111-2222-4333-8444-555555555555";

Deno.test("an invalid lower-precedence env alias is compared, not fatal", () => {
  const s = new Settings({
    env: { PINGONE_ENVIRONMENT_ID: ENV_ID, PINGCLI_PINGONE_ENVIRONMENT_ID: "abc" },
    config: noFile,
    profile: "default",
  });
  const r = s.resolve("service.pingOne.endpoint.environmentID");
  assert.equal(r.value, ENV_ID);
  assert.deepEqual(r.source, { kind: "env", name: "PINGONE_ENVIRONMENT_ID" });
  assert.deepEqual(s.warnings, [
    "env PINGONE_ENVIRONMENT_ID and env PINGCLI_PINGONE_ENVIRONMENT_ID both set " +
    "service.pingOne.endpoint.environmentID with different values; using PINGONE_ENVIRONMENT_ID",
  ]);
});

Deno.test("the highest-precedence env name is still validated", () => {
  const s = new Settings({
    env: { PINGONE_ENVIRONMENT_ID: "abc", PINGCLI_PINGONE_ENVIRONMENT_ID: ENV_ID },
    config: noFile,
    profile: "default",
  });
  assert.throws(
    () => s.resolve("service.pingOne.endpoint.environmentID"),
    /invalid value for service\.pingOne\.endpoint\.environmentID from env PINGONE_ENVIRONMENT_ID: 'abc' is not a valid UUID/,
  );
});
