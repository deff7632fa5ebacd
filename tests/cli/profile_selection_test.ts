/**
 * Which profile a command uses: -P, PINGCLI_PROFILE, else activeProfile, with profile names
 * matched ignoring case. An activeProfile that names no profile fails only the commands that
 * would use it; -P, PINGCLI_PROFILE and `config profiles` still work, so the file can be fixed.
 *
 * `auth status` stands for every command that uses a profile: with nothing configured it fails
 * naming the profile it used, which shows which one was chosen.
 */
import assert from "node:assert/strict";
import { envelope, Sandbox } from "./harness.ts";

const GHOST = `activeProfile: ghost
dev:
  noColor: true
prod:
  description: Production
`;

function noService(profile: string): RegExp {
  return new RegExp(`^ERROR: no Ping service is configured for profile '${profile}'\\n`);
}

function dangling(box: Sandbox, at: string, names: string): string {
  return `ERROR: ${box.configPath}${at}\n` +
    `Hint: Profiles: ${names}. Make one active with 'pingcli config profiles use <name>', or ` +
    "choose one for a command with -P <name>.\n";
}

Deno.test("activeProfile naming no profile fails only commands that use it, at its line:col", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(GHOST);
  const error = dangling(
    box,
    ":1:16: activeProfile 'ghost' names no profile in the file",
    "dev, prod",
  );
  for (const argv of [["auth", "status"], ["config", "get"], ["config", "set", "noColor=true"]]) {
    const r = await box.run(argv);
    assert.equal(r.code, 1, argv.join(" "));
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, error);
  }
  const json = await box.run(["-O", "json", "auth", "status"]);
  assert.equal(envelope(json).errors[0]!.code, "CONFIG_INVALID");
  // -P and PINGCLI_PROFILE choose a profile that exists: the file is fine for them.
  assert.match((await box.run(["-P", "prod", "auth", "status"])).stderr, noService("prod"));
  const viaEnv = await box.run(["auth", "status"], { env: { PINGCLI_PROFILE: "prod" } });
  assert.match(viaEnv.stderr, noService("prod"));
  const get = await box.run(["-P", "dev", "config", "get", "noColor"]);
  assert.equal(get.stderr, "");
  assert.match(get.stdout, /^KEY +VALUE +SOURCE\nnoColor +true +file /);
  assert.equal(await box.readConfig(), GHOST);
});

Deno.test("profiles list, create, delete and use work while activeProfile names no profile", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(GHOST);
  const list = await box.run(["config", "profiles", "list"]);
  assert.equal(list.code, 0);
  assert.equal(
    list.stdout,
    "NAME  DESCRIPTION  ACTIVE\ndev                no\nprod  Production   no\n",
  );
  assert.equal(
    list.stderr,
    dangling(box, ":1:16: activeProfile 'ghost' names no profile in the file", "dev, prod")
      .replace(/^ERROR: /, "WARNING: ").replace("\nHint: ", ". "),
  );
  const create = await box.run(["config", "profiles", "create", "--name", "stage"]);
  assert.equal(create.stderr, "");
  assert.equal(create.code, 0);
  const remove = await box.run(["config", "profiles", "delete", "stage", "--yes"]);
  assert.equal(remove.stderr, "");
  assert.equal(remove.code, 0);
  const use = await box.run(["config", "profiles", "use", "prod"]);
  assert.equal(use.stderr, "");
  assert.equal(use.stdout, "Active profile set to 'prod'.\n");
  assert.equal(await box.readConfig(), GHOST.replace("ghost", "prod"));
  assert.match((await box.run(["auth", "status"])).stderr, noService("prod"));
});

Deno.test("no activeProfile and no default profile: named as such, not at 1:1", async () => {
  await using box = await Sandbox.create();
  const text = "dev:\n  noColor: true\n";
  await box.writeConfig(text);
  const r = await box.run(["auth", "status"]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    dangling(box, ": activeProfile is not set and there is no 'default' profile", "dev"),
  );
  assert.match((await box.run(["-P", "dev", "auth", "status"])).stderr, noService("dev"));
  const use = await box.run(["config", "profiles", "use", "dev"]);
  assert.equal(use.code, 0, use.stderr);
  assert.equal(await box.readConfig(), text + "activeProfile: dev\n");
  assert.match((await box.run(["auth", "status"])).stderr, noService("dev"));
});

const MIXED_CASE = `activeProfile: default
default:
  description: Default profile created by Ping CLI
Dev:
  description: Development
`;

Deno.test("-P and PINGCLI_PROFILE match profile names ignoring case", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(MIXED_CASE);
  assert.match((await box.run(["-P", "dev", "auth", "status"])).stderr, noService("Dev"));
  const viaEnv = await box.run(["auth", "status"], { env: { PINGCLI_PROFILE: "DEV" } });
  assert.match(viaEnv.stderr, noService("Dev"));
  const set = await box.run(["-P", "DEV", "-O", "json", "config", "set", "noColor=true"]);
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(envelope(set).data, { profile: "Dev", key: "noColor", value: true });
  assert.equal(await box.readConfig(), MIXED_CASE + "  noColor: true\n");
  const get = await box.run(["-P", "dEv", "-O", "json", "config", "get", "noColor"]);
  assert.deepEqual(envelope(get).data, [
    { key: "noColor", value: true, source: "file ~/.pingcli/config.yaml (profile Dev)" },
  ]);
  const show = await box.run(["config", "profiles", "show", "DEV"]);
  assert.equal(show.stderr, "");
  assert.equal(
    show.stdout,
    "KEY          VALUE\ndescription  Development\nnoColor      true\n",
  );
});

Deno.test("profiles use, delete and activeProfile match profile names ignoring case", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(MIXED_CASE);
  const create = await box.run(["config", "profiles", "create", "--name", "DEV"]);
  assert.equal(create.code, 1);
  assert.match(create.stderr, /^ERROR: profile 'Dev' already exists\n/);
  const use = await box.run(["config", "profiles", "use", "DEV"]);
  assert.equal(use.stderr, "");
  assert.equal(use.stdout, "Active profile set to 'Dev'.\n");
  assert.equal(
    await box.readConfig(),
    MIXED_CASE.replace("activeProfile: default", "activeProfile: Dev"),
  );
  // The active profile cannot be deleted, however it is spelled.
  const active = await box.run(["config", "profiles", "delete", "dev", "--yes"]);
  assert.equal(active.code, 1);
  assert.match(active.stderr, /^ERROR: the active profile 'Dev' cannot be deleted\n/);
  // activeProfile itself may be spelled in another case.
  await box.writeConfig(MIXED_CASE.replace("activeProfile: default", "activeProfile: DEV"));
  assert.match((await box.run(["auth", "status"])).stderr, noService("Dev"));
  const list = await box.run(["-O", "json", "config", "profiles", "list"]);
  assert.deepEqual(
    (envelope(list).data as { name: string; active: boolean }[]).map((p) => [p.name, p.active]),
    [["default", false], ["Dev", true]],
  );
  await box.run(["config", "profiles", "use", "default"]);
  const remove = await box.run(["config", "profiles", "delete", "dEV", "--yes"]);
  assert.equal(remove.stderr, "");
  assert.equal(remove.stdout, "Profile 'Dev' deleted.\n");
  assert.equal(
    await box.readConfig(),
    "activeProfile: default\ndefault:\n  description: Default profile created by Ping CLI\n",
  );
});
