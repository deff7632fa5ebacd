/**
 * Behaviour every command shares: usage errors with suggestions, exit codes, the JSON envelope,
 * help with examples, and `feedback`.
 */
import assert from "node:assert/strict";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/program.ts";
import type { Cli } from "../../src/cli/command_kit.ts";
import { BufferSink } from "../../src/context.ts";
import { envelope, Sandbox } from "./harness.ts";

Deno.test("an unknown command suggests the nearest one; exit 1", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["confg", "get"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    "ERROR: unknown command 'confg'\n" +
      "Hint: Did you mean config? Run 'pingcli --help' or 'pingcli <command> --help'.\n",
  );
  const sub = await box.run(["config", "lst-keys"]);
  assert.match(sub.stderr, /^ERROR: unknown command 'lst-keys'\nHint: Did you mean list-keys\?/);
});

Deno.test("an unknown flag suggests the nearest one, also for inherited flags", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "get", "--unmask-value"]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    "ERROR: unknown option '--unmask-value'\n" +
      "Hint: Did you mean --unmask-values? Run 'pingcli --help' or 'pingcli <command> --help'.\n",
  );
  const global = await box.run(["config", "get", "--profle", "x"]);
  assert.match(global.stderr, /^ERROR: unknown option '--profle'\nHint: Did you mean --profile\?/);
  const choice = await box.run(["-O", "yaml", "config", "get"]);
  assert.equal(choice.code, 1);
  assert.match(choice.stderr, /option '-O, --output-format <value>' argument 'yaml' is invalid/);
});

Deno.test("usage errors are enveloped in JSON on stdout", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["-O", "json", "confg"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "");
  assert.equal(
    r.stdout,
    JSON.stringify(
      {
        schemaVersion: "1.0",
        status: "error",
        message: "unknown command 'confg'",
        data: null,
        errors: [{
          code: "USAGE_ERROR",
          category: "usage",
          message: "unknown command 'confg'",
          hint: "Did you mean config? Run 'pingcli --help' or 'pingcli <command> --help'.",
          retryable: false,
        }],
        meta: { durationMs: 0 },
        warnings: [],
      },
      null,
      2,
    ) + "\n",
  );
});

Deno.test("the JSON envelope keeps its field order on success", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["-O", "json", "config", "set", "noColor=true"]);
  assert.deepEqual(Object.keys(envelope(r)), [
    "schemaVersion",
    "status",
    "message",
    "data",
    "errors",
    "meta",
    "warnings",
  ]);
  assert.deepEqual(Object.keys(envelope(r).data as object), ["profile", "key", "value"]);
  const get = await box.run(["-O", "json", "config", "get", "noColor"]);
  assert.deepEqual(Object.keys((envelope(get).data as object[])[0]!), ["key", "value", "source"]);
});

Deno.test("ndjson prints one record per line; ndjson-wrapped one envelope per record", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default:\n  description: Default\ndev:\n  description: Dev\n");
  const raw = await box.run(["-O", "ndjson", "config", "profiles", "list"]);
  assert.equal(
    raw.stdout,
    '{"name":"default","description":"Default","active":true}\n' +
      '{"name":"dev","description":"Dev","active":false}\n',
  );
  const wrapped = await box.run(["-O", "ndjson-wrapped", "config", "profiles", "list"]);
  const lines = wrapped.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.deepEqual(lines[1].data, { name: "dev", description: "Dev", active: false });
  assert.equal(lines[1].status, "success");
});

Deno.test("exit codes: 0 success, 1 error, 2 warnings only with -D", async () => {
  await using box = await Sandbox.create();
  const env = { PINGONE_ROOT_DOMAIN: "pingone.eu", PINGCLI_PINGONE_ROOT_DOMAIN: "pingone.ca" };
  assert.equal((await box.run(["config", "get", "noColor"])).code, 0);
  assert.equal((await box.run(["config", "get", "pingone"], { env })).code, 0);
  assert.equal((await box.run(["-D", "config", "get", "pingone"], { env })).code, 2);
  assert.equal((await box.run(["-D", "config", "get", "noColor"])).code, 0);
  assert.equal(
    (await box.run(["config", "get", "pingone"], {
      env: { ...env, PINGCLI_DETAILED_EXITCODE: "true" },
    })).code,
    2,
  );
  assert.equal((await box.run(["-D", "config", "get", "nope"])).code, 1);
  assert.equal((await box.run(["--version"])).code, 0);
  assert.equal((await box.run(["config", "--help"])).code, 0);
});

Deno.test("every command's help has examples", async () => {
  const cli: Cli = {
    ctx: undefined as never,
    action: () => async () => {},
    plainAction: () => async () => {},
  };
  const program = await buildProgram(cli);
  const missing: string[] = [];
  const visit = (command: Command, path: string) => {
    const help = captureHelp(command);
    if (!help.includes("\nExamples:\n  pingcli ") && !help.includes("\nExamples:\n  ")) {
      missing.push(path);
    }
    for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`);
  };
  for (const name of ["config", "completion", "feedback"]) {
    visit(program.commands.find((c) => c.name() === name)!, name);
  }
  assert.deepEqual(missing, []);
});

function captureHelp(command: Command): string {
  const sink = new BufferSink();
  command.configureOutput({ writeOut: (s) => sink.write(s), writeErr: (s) => sink.write(s) });
  command.outputHelp();
  return sink.text;
}

Deno.test("feedback prints where to report problems, even with a broken config file", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default: [\n");
  const r = await box.run(["feedback"]);
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    "Report a problem or ask for a feature:\n" +
      "  https://github.com/pingcli/pingcli/issues/new\n" +
      "Ask a question or share an idea:\n" +
      "  https://github.com/pingcli/pingcli/discussions\n" +
      "Ping CLI documentation:\n" +
      "  https://developer.pingidentity.com/pingcli/1.0/\n" +
      "When reporting a problem, include 'pingcli --version' and the output of the failing " +
      "command run with --debug (it never prints secrets).\n",
  );
  const json = await box.run(["-O", "json", "feedback"]);
  assert.deepEqual(envelope(json).data, {
    issues: "https://github.com/pingcli/pingcli/issues/new",
    discussions: "https://github.com/pingcli/pingcli/discussions",
    documentation: "https://developer.pingidentity.com/pingcli/1.0/",
  });
});

Deno.test("a secret passed as a flag works but is warned about, and never echoed", async () => {
  await using box = await Sandbox.create();
  const r = await box.run([
    "-O",
    "json",
    "pingone",
    "auth",
    "status",
    "--pingone-client-credentials-client-secret",
    "flag-secret-2b9e",
  ]);
  assert.equal(r.code, 1); // no environment ID: nothing to authenticate against
  const e = envelope(r);
  assert.deepEqual(e.warnings, [{
    code: "SECRET_ON_COMMAND_LINE",
    message: "--pingone-client-credentials-client-secret puts a secret on the command line, " +
      "where shell history and process lists can see it; prefer env " +
      "PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET or 'pingcli config set " +
      "service.pingOne.authentication.clientCredentials.clientSecret -'",
  }]);
  assert.ok(!(r.stdout + r.stderr).includes("flag-secret-2b9e"));
  // deno-lint-ignore no-explicit-any
  const secret = (e.data as any).connectors[0].credentials.find((c: any) => c.secret);
  assert.deepEqual(secret.source, "flag --pingone-client-credentials-client-secret");
  assert.equal(secret.value, "********");
});

Deno.test("every command's help has examples", async () => {
  await using box = await Sandbox.create();
  const paths = [
    [],
    ["config"],
    ["config", "profiles"],
    ["auth"],
    ["pingone"],
    ["pingone", "auth"],
    ["pingone", "api"],
    ["pingfederate"],
    ["pingfederate", "auth"],
    ["pingfederate", "api"],
    ["completion"],
    ["feedback"],
  ];
  for (const path of paths) {
    const r = await box.run([...path, "--help"]);
    assert.equal(r.code, 0, path.join(" "));
    assert.match(r.stdout, /\nExamples:\n {2}.*pingcli /, path.join(" ") || "(root)");
  }
});

Deno.test("groupOf finds the command group after global options", async () => {
  const { groupOf } = await import("../../src/cli/program.ts");
  assert.equal(groupOf(["pingone", "api", "environments"]), "pingone");
  assert.equal(groupOf(["-O", "json", "-P", "dev", "auth", "status"]), "auth");
  assert.equal(groupOf(["--config=/x.yaml", "--debug", "config", "get"]), "config");
  assert.equal(groupOf(["--log-file", "/tmp/l", "-Ojson", "feedback"]), "feedback");
  assert.equal(groupOf(["--help"]), undefined);
  assert.equal(groupOf(["--", "pingone"]), "pingone");
});

Deno.test("meta names the command even when the config file fails to load", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("configModelVersion: 2\nactiveProfile: default\ndefault: [\n");
  const r = await box.run(["-O", "json", "auth", "status"]);
  assert.equal(r.code, 1);
  const e = envelope(r);
  assert.equal(e.errors[0]!.code, "CONFIG_INVALID");
  assert.deepEqual(e.meta, { command: "auth status", durationMs: 0 });
});

Deno.test("subcommand help shows the global options too; legacy enum spellings pass on flags", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "get", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /\nGlobal Options:\n/);
  assert.match(r.stdout, /-O, --output-format <value>/);
  assert.match(r.stdout, /-h, --help +Show help/);
  const flag = await box.run([
    "-O",
    "json",
    "pingone",
    "auth",
    "status",
    "--pingone-root-domain",
    "EU",
  ]);
  // deno-lint-ignore no-explicit-any
  const fields = (envelope(flag).data as any).connectors[0].credentials;
  // deno-lint-ignore no-explicit-any
  const root = fields.find((f: any) => f.key === "service.pingOne.endpoint.rootDomain");
  assert.deepEqual(root, {
    key: "service.pingOne.endpoint.rootDomain",
    label: "Root domain",
    value: "pingone.eu",
    source: "flag --pingone-root-domain",
    secret: false,
  });
});
