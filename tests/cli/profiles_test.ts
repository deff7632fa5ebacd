/** `pingcli config profiles create|delete|list|show|use`. */
import assert from "node:assert/strict";
import { envelope, Sandbox } from "./harness.ts";

const FILE = `configModelVersion: 2
activeProfile: default
default:
  description: Default profile created by Ping CLI
dev:
  description: Development
  service:
    pingOne:
      authentication:
        clientCredentials:
          clientSecret: dev-secret-1234
`;

Deno.test("profiles list: a table, and JSON [{name, description, active}]", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const r = await box.run(["config", "profiles", "list"]);
  assert.equal(
    r.stdout,
    "NAME     DESCRIPTION                          ACTIVE\n" +
      "default  Default profile created by Ping CLI  yes\n" +
      "dev      Development                          no\n",
  );
  const json = await box.run(["-O", "json", "config", "profiles", "list"]);
  assert.deepEqual(envelope(json).data, [
    { name: "default", description: "Default profile created by Ping CLI", active: true },
    { name: "dev", description: "Development", active: false },
  ]);
  // -P never changes which profile is active.
  const withP = await box.run(["-P", "dev", "-O", "json", "config", "profiles", "list"]);
  assert.deepEqual(envelope(withP).data, envelope(json).data);
});

Deno.test("profiles list with no config file shows the default profile and writes nothing", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "profiles", "list"]);
  assert.equal(
    r.stdout,
    "NAME     DESCRIPTION                          ACTIVE\n" +
      "default  Default profile created by Ping CLI  yes\n",
  );
  assert.equal(await box.configExists(), false);
});

Deno.test("profiles create: name rules, uniqueness, --set-active", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const ok = await box.run([
    "config",
    "profiles",
    "create",
    "--name",
    "prod_1-eu",
    "--description",
    "Production EU",
    "--set-active",
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(
    ok.stdout,
    "Profile 'prod_1-eu' created in ~/.pingcli/config.yaml.\n" +
      "Active profile set to 'prod_1-eu'.\n" +
      "Add settings with: pingcli config set -P prod_1-eu <key>=<value>\n",
  );
  assert.match(await box.readConfig(), /^activeProfile: prod_1-eu$/m);
  assert.ok((await box.readConfig()).endsWith("prod_1-eu:\n  description: Production EU\n"));
  const errors: [string[], string, string][] = [
    [
      ["-n", "bad name"],
      "USAGE_ERROR",
      "invalid profile name 'bad name': use only letters, digits, '_' and '-'",
    ],
    [
      ["-n", "dév"],
      "USAGE_ERROR",
      "invalid profile name 'dév': use only letters, digits, '_' and '-'",
    ],
    [["-n", "DEV"], "USAGE_ERROR", "profile 'dev' already exists"],
    [
      ["-n", "activeProfile"],
      "USAGE_ERROR",
      "'activeProfile' is reserved and cannot be a profile name",
    ],
    [["-d", "no name"], "INPUT_REQUIRED", "a profile name is required"],
  ];
  for (const [args, code, message] of errors) {
    const before = await box.readConfig();
    const r = await box.run(["-O", "json", "config", "profiles", "create", ...args]);
    assert.equal(r.code, 1);
    const e = envelope(r);
    assert.equal(e.errors[0]!.code, code, args.join(" "));
    assert.equal(e.errors[0]!.message, message);
    assert.equal(await box.readConfig(), before);
  }
  const noName = await box.run(["config", "profiles", "create"]);
  assert.equal(
    noName.stderr,
    "ERROR: a profile name is required\n" +
      "Hint: Pass -n/--name <name>, e.g. pingcli config profiles create --name dev\n",
  );
});

Deno.test("profiles create with no file creates it with the default profile too", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "profiles", "create", "-n", "dev"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    await box.readConfig(),
    "configModelVersion: 2\nactiveProfile: default\ndefault:\n" +
      "  description: Default profile created by Ping CLI\ndev: {}\n",
  );
  await box.run(["-P", "dev", "config", "set", "noColor=true"]);
  assert.ok((await box.readConfig()).endsWith("dev:\n  noColor: true\n"));
});

Deno.test("profiles delete: refuses the active profile, needs --yes without a terminal", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const active = await box.run(["config", "profiles", "delete", "default", "--yes"]);
  assert.equal(active.code, 1);
  assert.equal(
    active.stderr,
    "ERROR: the active profile 'default' cannot be deleted\n" +
      "Hint: Make another profile active first: pingcli config profiles use <name>\n",
  );
  const unconfirmed = await box.run(["config", "profiles", "delete", "dev"]);
  assert.equal(unconfirmed.code, 1);
  assert.equal(
    unconfirmed.stderr,
    "ERROR: deleting profile 'dev' needs confirmation\n" +
      "Hint: Pass -y/--yes to delete it without a prompt: pingcli config profiles delete dev --yes\n",
  );
  const inCi = await box.run(["config", "profiles", "delete", "dev"], {
    tty: true,
    env: { CI: "true" },
    confirm: () => true,
  });
  assert.equal(inCi.code, 1, "CI=true never prompts");
  const missing = await box.run(["config", "profiles", "delete", "nope", "-y"]);
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /^ERROR: profile 'nope' not found in .*\nHint: Profiles: default, dev\.\n$/,
  );
  const noName = await box.run(["config", "profiles", "delete"]);
  assert.equal(noName.code, 1);
  assert.match(noName.stderr, /Profiles: default, dev\./);
  assert.equal(await box.readConfig(), FILE);
  const yes = await box.run(["config", "profiles", "delete", "dev", "-y"]);
  assert.equal(yes.stdout, "Profile 'dev' deleted.\n");
  assert.equal(
    await box.readConfig(),
    "configModelVersion: 2\nactiveProfile: default\ndefault:\n  description: Default profile created by Ping CLI\n",
  );
});

Deno.test("profiles delete asks on a terminal, and keeps the profile on 'no'", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const asked: string[] = [];
  const no = await box.run(["config", "profiles", "delete", "dev"], {
    tty: true,
    confirm: (q) => (asked.push(q), false),
  });
  assert.equal(no.code, 0);
  assert.equal(no.stdout, "Profile 'dev' was not deleted.\n");
  assert.deepEqual(asked, ["Delete profile 'dev'? This cannot be undone."]);
  assert.equal(await box.readConfig(), FILE);
  const yes = await box.run(["config", "profiles", "delete", "dev"], {
    tty: true,
    confirm: () => true,
  });
  assert.equal(yes.stdout, "Profile 'dev' deleted.\n");
  assert.doesNotMatch(await box.readConfig(), /dev:/);
});

Deno.test("profiles show: stored settings of the active, -P or named profile, masked", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const active = await box.run(["config", "profiles", "show"]);
  assert.equal(
    active.stdout,
    "KEY          VALUE\ndescription  Default profile created by Ping CLI\n",
  );
  const expected = "KEY                                                            VALUE\n" +
    "description                                                    Development\n" +
    "service.pingOne.authentication.clientCredentials.clientSecret  ********\n";
  assert.equal((await box.run(["config", "profiles", "show", "dev"])).stdout, expected);
  assert.equal((await box.run(["-P", "dev", "config", "profiles", "show"])).stdout, expected);
  const unmasked = await box.run(["config", "--unmask-values", "profiles", "show", "dev"]);
  assert.ok(unmasked.stdout.includes("clientSecret  dev-secret-1234\n"));
  const json = await box.run(["-O", "json", "config", "profiles", "show", "dev"]);
  assert.deepEqual(envelope(json).data, {
    name: "dev",
    description: "Development",
    active: false,
    settings: [
      { key: "description", value: "Development" },
      { key: "service.pingOne.authentication.clientCredentials.clientSecret", value: "********" },
    ],
  });
  const missing = await box.run(["config", "profiles", "show", "nope"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /profile 'nope' not found/);
});

Deno.test("profiles use sets activeProfile; -P alone never does", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  await box.run(["-P", "dev", "config", "set", "noColor=true"]);
  assert.match(await box.readConfig(), /^activeProfile: default$/m);
  const r = await box.run(["config", "profiles", "use", "dev"]);
  assert.equal(r.stdout, "Active profile set to 'dev'.\n");
  assert.match(await box.readConfig(), /^activeProfile: dev$/m);
  assert.equal((await box.run(["config", "get", "activeProfile"])).stdout, "dev\n");
  const missing = await box.run(["config", "profiles", "use", "nope"]);
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /^ERROR: profile 'nope' not found in .*\nHint: Profiles: default, dev\./,
  );
  const noName = await box.run(["config", "profiles", "use"]);
  assert.equal(noName.code, 1);
  assert.match(noName.stderr, /^ERROR: a profile name is required\n/);
});

Deno.test("PINGCLI_PROFILE may name the profile about to be created", async () => {
  await using box = await Sandbox.create();
  const env = { PINGCLI_PROFILE: "ci" };
  const list = await box.run(["config", "profiles", "list"], { env });
  assert.equal(list.code, 0, list.stderr);
  const create = await box.run(["config", "profiles", "create", "--name", "ci"], { env });
  assert.equal(create.code, 0, create.stderr);
  const set = await box.run(["config", "set", "outputFormat=json"], { env });
  assert.equal(set.code, 0, set.stderr);
  assert.ok((await box.readConfig()).endsWith("ci:\n  outputFormat: json\n"));
  // Other commands still refuse a profile that does not exist.
  const get = await box.run(["config", "get"], { env: { PINGCLI_PROFILE: "nope" } });
  assert.equal(get.code, 1);
  assert.match(get.stderr, /^ERROR: profile 'nope' not found in /);
});

Deno.test("profiles create and use ask for a missing name on a terminal", async () => {
  await using box = await Sandbox.create();
  const created = await box.run(["config", "profiles", "create"], {
    tty: true,
    answers: ["staging", "Staging tenant"],
  });
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stderr, "Name of the new profile: Description (optional): ");
  assert.match(created.stdout, /^Profile 'staging' created in ~\/\.pingcli\/config\.yaml\./);
  const used = await box.run(["config", "profiles", "use"], { tty: true, answers: ["staging"] });
  assert.equal(used.code, 0, used.stderr);
  assert.equal(used.stderr, "Profile to use (default, staging): ");
  assert.equal(used.stdout, "Active profile set to 'staging'.\n");
  // No answer (end of input) is the same error as no terminal.
  const none = await box.run(["--no-color", "config", "profiles", "use"], {
    tty: true,
    answers: [],
  });
  assert.equal(none.code, 1);
  assert.equal(
    none.stderr,
    "Profile to use (default, staging): ERROR: a profile name is required\n" +
      "Hint: Pass the profile name: pingcli config profiles use <name>. Profiles: default, staging.\n",
  );
});

Deno.test("every profile command takes the name as an argument or as -n/--name", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const create = await box.run(["config", "profiles", "create", "PROD", "-d", "Production"]);
  assert.equal(create.stderr, "");
  assert.equal(create.code, 0);
  assert.equal(
    create.stdout,
    "Profile 'PROD' created in ~/.pingcli/config.yaml.\n" +
      "Add settings with: pingcli config set -P PROD <key>=<value>\n",
  );
  assert.ok((await box.readConfig()).endsWith("PROD:\n  description: Production\n"));
  const show = await box.run(["config", "profiles", "show", "--name", "PROD"]);
  assert.equal(show.stdout, "KEY          VALUE\ndescription  Production\n");
  const use = await box.run(["config", "profiles", "use", "-n", "PROD"]);
  assert.equal(use.stdout, "Active profile set to 'PROD'.\n");
  const del = await box.run(["config", "profiles", "delete", "--name", "dev", "--yes"]);
  assert.equal(del.stderr, "");
  assert.equal(del.stdout, "Profile 'dev' deleted.\n");
  // The same name twice is fine; two different names are a usage error that changes nothing.
  const same = await box.run(["config", "profiles", "show", "PROD", "--name", "PROD"]);
  assert.equal(same.code, 0, same.stderr);
  const before = await box.readConfig();
  for (const command of ["create", "delete", "use", "show"]) {
    const r = await box.run(["config", "profiles", command, "qa", "--name", "default"]);
    assert.equal(r.code, 1, command);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      "ERROR: two profile names given: 'qa' and --name 'default'\n" +
        `Hint: Give the name once: pingcli config profiles ${command} <name>\n`,
    );
  }
  assert.equal(await box.readConfig(), before);
});
