/**
 * The config file as users write it: comments and layout survive `config set`/`unset` with only
 * the touched lines changed, and a malformed file is reported with path:line:col and left
 * byte-for-byte unchanged.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runPingcli } from "../support/cli.ts";
import { envelope, Sandbox } from "./harness.ts";

const FIXTURE = `# pingcli configuration, edited by hand
configModelVersion: 2
activeProfile: default   # switch with \`pingcli config profiles use\`

# The default profile
default:
    description: "Default profile created by Ping CLI"
    outputFormat: text # text or json
    service:
        pingOne:   # PingOne tenant
            authentication:
                grantType: client_credentials
                clientCredentials:
                    clientID: 11111111-2222-3333-4444-555555555555
                    # rotate every 90 days
                    clientSecret: 's3cr3t'
                    scopes: [openid, profile]
            endpoint:
                environmentID: 66666666-7777-8888-9999-000000000000
                rootDomain: pingone.eu

# Production
prod:
    description: Production   # customer-facing
    noColor: yes
`;

/** The fixture with `edits` applied: [old line, new lines] pairs, each old line unique. */
function edited(edits: [string, string[]][], base = FIXTURE): string {
  let lines = base.split("\n");
  for (const [old, replacement] of edits) {
    const at = lines.indexOf(old);
    assert.ok(at >= 0, `fixture has no line ${JSON.stringify(old)}`);
    lines = [...lines.slice(0, at), ...replacement, ...lines.slice(at + 1)];
  }
  return lines.join("\n");
}

Deno.test("config set changes only the line of an existing key, keeping its comment", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FIXTURE);
  const r = await box.run(["config", "set", "outputFormat=json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    await box.readConfig(),
    edited([["    outputFormat: text # text or json", ["    outputFormat: json # text or json"]]]),
  );
});

Deno.test("config set adds a new key with the file's indentation, touching nothing else", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FIXTURE);
  await box.run(["config", "set", "service.pingOne.endpoint.customDomain=auth.example.com"]);
  assert.equal(
    await box.readConfig(),
    edited([[
      "                rootDomain: pingone.eu",
      ["                rootDomain: pingone.eu", "                customDomain: auth.example.com"],
    ]]),
  );
  await box.writeConfig(FIXTURE);
  await box.run(["-P", "prod", "config", "set", "log.level=debug"]);
  assert.equal(
    await box.readConfig(),
    edited([[
      "    noColor: yes",
      ["    noColor: yes", "    log:", "        level: DEBUG"],
    ]]),
  );
});

Deno.test("config set of a list keeps the flow style on its line", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FIXTURE);
  await box.run([
    "config",
    "set",
    "service.pingOne.authentication.clientCredentials.scopes=openid,p1:read:env",
  ]);
  assert.equal(
    await box.readConfig(),
    edited([[
      "                    scopes: [openid, profile]",
      ["                    scopes: [openid, p1:read:env]"],
    ]]),
  );
});

Deno.test("config unset removes the key and its own comment, nothing else", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FIXTURE);
  const r = await box.run([
    "config",
    "unset",
    "service.pingOne.authentication.clientCredentials.clientSecret",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    await box.readConfig(),
    edited([
      ["                    # rotate every 90 days", []],
      ["                    clientSecret: 's3cr3t'", []],
    ]),
  );
  // Removing the last key of a mapping removes the mapping too.
  await box.run(["config", "unset", "service.pingOne.endpoint.environmentID"]);
  await box.run(["config", "unset", "service.pingOne.endpoint.rootDomain"]);
  assert.equal(
    await box.readConfig(),
    edited([
      ["                    # rotate every 90 days", []],
      ["                    clientSecret: 's3cr3t'", []],
      ["            endpoint:", []],
      ["                environmentID: 66666666-7777-8888-9999-000000000000", []],
      ["                rootDomain: pingone.eu", []],
    ]),
  );
});

Deno.test("profiles use, create and delete touch only their own lines", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FIXTURE);
  await box.run(["config", "profiles", "use", "prod"]);
  const used = edited([[
    "activeProfile: default   # switch with `pingcli config profiles use`",
    ["activeProfile: prod # switch with `pingcli config profiles use`"],
  ]]);
  assert.equal(await box.readConfig(), used);
  await box.run(["config", "profiles", "create", "-n", "dev", "-d", "Development"]);
  assert.equal(await box.readConfig(), used + "dev:\n    description: Development\n");
  await box.run(["config", "profiles", "delete", "dev", "--yes"]);
  assert.equal(await box.readConfig(), used);
});

Deno.test("Windows line endings are kept", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FIXTURE.replaceAll("\n", "\r\n"));
  await box.run(["config", "set", "outputFormat=json"]);
  assert.equal(
    await box.readConfig(),
    edited([["    outputFormat: text # text or json", ["    outputFormat: json # text or json"]]])
      .replaceAll("\n", "\r\n"),
  );
});

Deno.test("text values keep what was written: 13.0 stays 13.0, 0123 keeps its zero", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(
    "default:\n  service:\n    pingFederate:\n      softwareVersion: 13.0\n" +
      "      authentication:\n        basicAuth:\n          username: 0123\n",
  );
  const r = await box.run(["-O", "json", "config", "get", "pingfederate"]);
  const data = envelope(r).data as { key: string; value: unknown }[];
  const value = (k: string) => data.find((d) => d.key === `service.pingFederate.${k}`)?.value;
  assert.equal(value("softwareVersion"), "13.0");
  assert.equal(value("authentication.basicAuth.username"), "0123");
});

const MALFORMED: [string, string, RegExp][] = [
  [
    "bad YAML",
    "activeProfile: default\ndefault:\n  outputFormat: [json\n",
    /config\.yaml:4:1: malformed YAML: /,
  ],
  [
    "duplicate key",
    "activeProfile: default\ndefault:\n  noColor: true\n  noColor: false\n",
    /config\.yaml:4:3: malformed YAML: duplicate key/,
  ],
  [
    "a list at the root",
    "- default\n- dev\n",
    /config\.yaml:1:1: the file must be a mapping of profiles\n/,
  ],
  [
    "a scalar at the root",
    "default\n",
    /config\.yaml:1:1: the file must be a mapping of profiles\n/,
  ],
  [
    "an unsupported configModelVersion",
    "configModelVersion: 3\nactiveProfile: default\ndefault:\n  noColor: true\n",
    /config\.yaml:1:21: configModelVersion 3 is not supported: pingcli reads configModelVersion 2\nHint: The file may come from a newer pingcli\./,
  ],
  [
    "an anchor and a merge key",
    "activeProfile: prod\ndefault: &base\n  description: x\nprod:\n  <<: *base\n  noColor: true\n",
    /config\.yaml:2:10: YAML anchor '&base' is not supported in the config file\nHint: Write each profile's values out in full: pingcli does not read anchors \(&\), aliases \(\*\) or merge keys \(<<\)\. Fix the file by hand; pingcli has left it unchanged\.\n$/,
  ],
  [
    "an aliased value",
    "activeProfile: default\ndefault:\n  description: &rd hello\ndev:\n  description: *rd\n",
    /config\.yaml:3:16: YAML anchor '&rd' is not supported in the config file\n/,
  ],
  [
    "a merge key with a mapping",
    "activeProfile: default\ndefault:\n  <<: {noColor: true}\n",
    /config\.yaml:3:3: YAML merge key '<<' is not supported in the config file\n/,
  ],
  [
    "two profiles differing only in case",
    "activeProfile: dev\ndev:\n  noColor: true\nDEV:\n  noColor: false\n",
    /config\.yaml:4:1: profile 'DEV' is written twice \(also as 'dev' on line 2\); profile names ignore case\n/,
  ],
];

// A problem inside a profile (rather than a broken file) can be repaired with pingcli:
// config_repair_test.ts.
for (const [name, text, pattern] of MALFORMED) {
  Deno.test(`malformed file (${name}): reported with path:line:col, exit 1, file unchanged`, async () => {
    await using box = await Sandbox.create();
    await box.writeConfig(text);
    const before = await Deno.readFile(box.configPath);
    for (
      const argv of [
        ["config", "get"],
        ["config", "set", "outputFormat=json"],
        ["config", "unset", "noColor"],
        ["config", "profiles", "create", "-n", "x"],
        ["config", "profiles", "use", "default"],
        ["-P", "default", "auth", "status"],
      ]
    ) {
      const r = await box.run(argv);
      assert.equal(r.code, 1, argv.join(" "));
      assert.equal(r.stdout, "");
      assert.ok(r.stderr.startsWith(`ERROR: ${box.configPath}:`), r.stderr);
      assert.match(r.stderr, pattern);
      assert.deepEqual(await Deno.readFile(box.configPath), before);
    }
    const json = await box.run(["-O", "json", "config", "get"]);
    assert.equal(envelope(json).errors[0]!.code, "CONFIG_INVALID");
  });
}

Deno.test("configModelVersion 2, 1 or none is read", async () => {
  await using box = await Sandbox.create();
  for (const version of ["configModelVersion: 2\n", "configModelVersion: 1\n", ""]) {
    await box.writeConfig(`${version}default:\n  outputFormat: json\n`);
    const r = await box.run(["config", "get", "outputFormat"]);
    assert.equal(r.stderr, "", version);
    assert.equal(r.code, 0);
  }
});

Deno.test("an empty parent key (pingOne: or pingOne: null) holds no settings yet", async () => {
  await using box = await Sandbox.create();
  const nested = "endpoint:\n        rootDomain: pingone.eu\n";
  const cases: [string, string][] = [
    [
      "default:\n  service: {pingOne: null}\n",
      "default:\n  service: {pingOne: {endpoint: {rootDomain: pingone.eu}}}\n",
    ],
    ["default:\n  service:\n    pingOne:\n", `default:\n  service:\n    pingOne:\n      ${nested}`],
    [
      'default:\n  service:\n    pingOne: ""\n',
      `default:\n  service:\n    pingOne:\n      ${nested}`,
    ],
  ];
  for (const [text, written] of cases) {
    await box.writeConfig(text);
    const get = await box.run(["config", "get", "pingone"]);
    assert.equal(get.stderr, "", text);
    assert.equal(get.code, 0);
    assert.match(get.stdout, /\nservice\.pingOne\.endpoint\.rootDomain +pingone\.com +default\n/);
    const set = await box.run(["config", "set", "service.pingOne.endpoint.rootDomain=pingone.eu"]);
    assert.equal(set.stderr, "", text);
    assert.equal(set.code, 0);
    assert.equal(await box.readConfig(), written);
  }
});

Deno.test("-C names another config file; a missing one is an error", async () => {
  await using box = await Sandbox.create();
  const other = `${box.home}/other.yaml`;
  const missing = await box.run(["-C", other, "config", "get"]);
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    `ERROR: config file not found: ${other}\n` +
      "Hint: Check the -C/--config path or PINGCLI_CONFIG. To start a new file there, create it " +
      "empty first.\n",
  );
  // A typo in -C scatters no directories or files.
  const elsewhere = await box.run([
    "-C",
    `${box.home}/new/dir/x.yaml`,
    "config",
    "set",
    "noColor=1",
  ]);
  assert.equal(elsewhere.code, 1);
  assert.match(elsewhere.stderr, /^ERROR: config file not found: .*\/new\/dir\/x\.yaml\n/);
  assert.deepEqual([...Deno.readDirSync(box.home)], []);
  await Deno.writeTextFile(other, "default:\n  noColor: true\n");
  const r = await box.run(["-C", other, "-O", "json", "config", "get", "noColor"]);
  assert.deepEqual(envelope(r).data, [
    { key: "noColor", value: true, source: "file ~/other.yaml (profile default)" },
  ]);
  const viaEnv = await box.run(["config", "set", "outputFormat=json"], {
    env: { PINGCLI_CONFIG: other },
  });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  assert.equal(await Deno.readTextFile(other), "default:\n  noColor: true\n  outputFormat: json\n");
  assert.equal(await box.configExists(), false);
});

Deno.test("an empty or comment-only file gets the default profile on the first set", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("# my settings\n");
  const get = await box.run(["config", "get"]);
  assert.equal(get.code, 0, get.stderr);
  const r = await box.run(["config", "set", "noColor=true"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    await box.readConfig(),
    "# my settings\n\ndefault:\n  description: Default profile created by Ping CLI\n  noColor: true\n",
  );
});

Deno.test("config set through a symlinked config file writes the file it points to", {
  // Creating symlinks needs extra rights on Windows.
  ignore: Deno.build.os === "windows",
}, async () => {
  await using box = await Sandbox.create();
  const dotfiles = join(box.home, "dotfiles");
  const target = join(dotfiles, "pingcli.yaml");
  await Deno.mkdir(dotfiles);
  await box.writeConfig("");
  await Deno.remove(box.configPath);
  await Deno.writeTextFile(target, "activeProfile: default\ndefault:\n  description: a\n");
  await Deno.symlink("../dotfiles/pingcli.yaml", box.configPath);
  const r = await box.run(["config", "set", "description=b"]);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.equal(await Deno.readLink(box.configPath), "../dotfiles/pingcli.yaml");
  assert.equal(
    await Deno.readTextFile(target),
    "activeProfile: default\ndefault:\n  description: b\n",
  );
  // No temp file beside the target, no lock left beside the link.
  assert.deepEqual([...Deno.readDirSync(dotfiles)].map((e) => e.name), ["pingcli.yaml"]);
  assert.deepEqual([...Deno.readDirSync(box.configDir)].map((e) => e.name), ["config.yaml"]);
  // A link to a file not created yet: the first change creates it where the link points.
  await Deno.remove(target);
  const first = await box.run(["config", "set", "noColor=true"]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(await Deno.readLink(box.configPath), "../dotfiles/pingcli.yaml");
  assert.equal(
    await Deno.readTextFile(target),
    "configModelVersion: 2\nactiveProfile: default\ndefault:\n" +
      "  description: Default profile created by Ping CLI\n  noColor: true\n",
  );
});

Deno.test("a config path that is a directory is refused before any lock is taken", async () => {
  await using box = await Sandbox.create();
  await Deno.mkdir(box.configPath, { recursive: true });
  const other = join(box.home, "conf.d");
  await Deno.mkdir(other);
  for (
    const [argv, path] of [
      [["config", "get"], box.configPath],
      [["config", "set", "description=x"], box.configPath],
      [["config", "profiles", "create", "dev"], box.configPath],
      [["-C", other, "config", "get"], other],
      [["-C", other, "config", "set", "description=x"], other],
    ] as const
  ) {
    const r = await box.run([...argv]);
    assert.equal(r.code, 1, argv.join(" "));
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      `ERROR: ${path} is not a regular file\n` +
        "Hint: The config file must be a regular YAML file: name one with -C/--config or " +
        "PINGCLI_CONFIG.\n",
    );
  }
  assert.deepEqual([...Deno.readDirSync(box.configDir)].map((e) => e.name), ["config.yaml"]);
  assert.deepEqual([...Deno.readDirSync(box.home)].map((e) => e.name).sort(), [
    ".pingcli",
    "conf.d",
  ]);
});

Deno.test({
  name: "-C /dev/null is refused as not a regular file, with no permission text",
  ignore: Deno.build.os === "windows",
  async fn() {
    await using box = await Sandbox.create();
    for (const argv of [["config", "set", "description=x"], ["config", "get"]]) {
      const r = await runPingcli(["-C", "/dev/null", ...argv], { env: { HOME: box.home } });
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        "ERROR: /dev/null is not a regular file\n" +
          "Hint: The config file must be a regular YAML file: name one with -C/--config or " +
          "PINGCLI_CONFIG.\n",
      );
    }
  },
});
