/** Diagnostics reach the log file as well as stderr, redacted. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Sandbox } from "../cli/harness.ts";

Deno.test("errors and warnings are recorded in --log-file", async () => {
  await using box = await Sandbox.create();
  const logFile = join(box.home, "pingcli.log");
  const r = await box.run([
    "--log-file",
    logFile,
    "--log-file-level",
    "WARN",
    "pingone",
    "auth",
    "status",
    "--pingone-client-credentials-client-secret",
    "log-canary-5d1f",
  ]);
  assert.equal(r.code, 1);
  const log = await Deno.readTextFile(logFile);
  const lines = log.trimEnd().split("\n").map((l) => l.replace(/^\S+ /, ""));
  assert.deepEqual(lines, [
    "WARN --pingone-client-credentials-client-secret puts a secret on the command line, where " +
    "shell history and process lists can see it; prefer env PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET" +
    " or 'pingcli config set service.pingOne.authentication.clientCredentials.clientSecret -'",
    "ERROR CREDENTIALS_MISSING: the PingOne environment ID and client ID are not set (hint: To " +
    "fix: set service.pingOne.endpoint.environmentID (env PINGONE_ENVIRONMENT_ID or " +
    "PINGCLI_PINGONE_ENVIRONMENT_ID, or 'pingcli config set " +
    "service.pingOne.endpoint.environmentID=...'), or set service.pingOne.endpoint.customDomain; " +
    "set service.pingOne.authentication.clientCredentials.clientID (env " +
    "PINGONE_CLIENT_CREDENTIALS_CLIENT_ID or PINGCLI_PINGONE_CLIENT_CREDENTIALS_CLIENT_ID, or " +
    "'pingcli config set service.pingOne.authentication.clientCredentials.clientID=...').)",
  ]);
  assert.ok(!log.includes("log-canary-5d1f"));
  assert.equal((await Deno.stat(logFile)).mode! & 0o777, 0o600);
});

Deno.test("log.file with ~ is under HOME; one that cannot be opened is a warning, not a lockout", async () => {
  await using box = await Sandbox.create();
  const set = await box.run(["config", "set", "log.file=~/pingcli.log"]);
  assert.equal(set.code, 0, set.stderr);
  const get = await box.run(["config", "get", "log.file"]);
  assert.equal(get.code, 0, get.stderr);
  assert.ok((await Deno.stat(join(box.home, "pingcli.log"))).isFile);
  const bad = await box.run(["config", "get", "outputFormat"], {
    env: { PINGCLI_LOG_FILE: join(box.home, "missing-dir", "x.log") },
  });
  assert.equal(bad.code, 0);
  assert.match(
    bad.stderr,
    /^WARNING: cannot open log file \S+missing-dir\/x\.log \(.*\); logging to stderr only\. Check --log-file, PINGCLI_LOG_FILE or log\.file\.\n$/,
  );
});
