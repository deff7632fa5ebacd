/** `pingcli config list-keys [--yaml]`: every key from the registry. */
import assert from "node:assert/strict";
import YAML from "yaml";
import { KEYS } from "../../src/config/registry.ts";
import { envelope, Sandbox } from "./harness.ts";

Deno.test("list-keys: every key with type, default, flags, env vars and description", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "list-keys"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const blocks = r.stdout.trimEnd().split("\n\n");
  assert.equal(blocks.length, KEYS.length);
  assert.equal(
    blocks.find((b) => b.startsWith("service.pingOne.endpoint.rootDomain\n")),
    "service.pingOne.endpoint.rootDomain\n" +
      "  PingOne root domain (region). The pre-1.0 region codes NA, EU, AP, CA, AU and SG are " +
      "accepted.\n" +
      "  type:    enum\n" +
      "  values:  pingone.asia, pingone.ca, pingone.com, pingone.com.au, pingone.eu, pingone.sg\n" +
      "  default: pingone.com\n" +
      "  flags:   --pingone-root-domain\n" +
      "  env:     PINGONE_ROOT_DOMAIN, PINGCLI_PINGONE_ROOT_DOMAIN, PINGONE_REGION_CODE, " +
      "PINGCLI_PINGONE_REGION_CODE, PINGCLI_SERVICE_PINGONE_ENDPOINT_ROOTDOMAIN, " +
      "PINGCLI_SERVICE_PINGONE_REGIONCODE\n" +
      "  aliases: service.pingOne.regionCode",
  );
  assert.equal(
    blocks.find((b) => b.startsWith("service.pingOne.authentication.grantType\n"))?.split("\n")
      .find((l) => l.startsWith("  aliases:")),
    "  aliases: service.pingOne.authentication.type",
  );
  assert.match(
    blocks.find((b) => b.startsWith("service.pingFederate.authentication.basicAuth.password\n"))!,
    /\n {2}secret: yes \(masked unless -U\)$/,
  );
});

Deno.test("list-keys in JSON: one object per key with a fixed shape", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["-O", "json", "config", "list-keys"]);
  const data = envelope(r).data as Record<string, unknown>[];
  assert.equal(data.length, KEYS.length);
  assert.deepEqual(data.find((d) => d.key === "outputFormat"), {
    key: "outputFormat",
    type: "enum",
    default: "text",
    values: ["json", "ndjson", "ndjson-wrapped", "text"],
    flags: ["-O", "--output-format"],
    env: ["PINGCLI_OUTPUT_FORMAT", "PINGCLI_OUTPUTFORMAT"],
    secret: false,
    aliases: [],
    extension: false,
    description: "Output format.",
  });
});

Deno.test("list-keys --yaml: a nested YAML tree holding every key", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "list-keys", "-y"]);
  assert.equal(r.code, 0);
  const tree = YAML.parse(r.stdout);
  for (const def of KEYS) {
    let node: unknown = tree;
    for (const segment of def.key.split(".")) {
      assert.ok(node && typeof node === "object" && segment in node, def.key);
      node = (node as Record<string, unknown>)[segment];
    }
    assert.deepEqual(node, def.default ?? null, def.key);
  }
  assert.match(r.stdout, /^ {6}environmentID: # uuid\. ID of the PingOne environment/m);
});

Deno.test("list-keys works when the config file is broken (its errors point here)", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default:\n  colour: true\n");
  const get = await box.run(["config", "get"]);
  assert.match(get.stderr, /Run 'pingcli config list-keys' to see every key\.\n$/);
  const r = await box.run(["config", "list-keys"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^noColor\n/m);
});
