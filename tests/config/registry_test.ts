/** The key registry: lookups, aliases, prefixes, env names and suggestions. */
import assert from "node:assert/strict";
import { KEYS } from "../../src/config/registry.ts";
import {
  envNamesFor,
  findKey,
  genericEnvName,
  keysWithPrefix,
  suggestKey,
} from "../../src/config/key_lookup.ts";

Deno.test("keys are found by any casing and by alias", () => {
  assert.equal(
    findKey("SERVICE.PINGONE.ENDPOINT.ENVIRONMENTID")?.key,
    "service.pingOne.endpoint.environmentID",
  );
  assert.equal(
    findKey("service.pingone.authentication.type")?.key,
    "service.pingOne.authentication.grantType",
  );
  assert.equal(
    findKey("service.pingFederate.authentication.type")?.key,
    "service.pingFederate.authentication.type",
  );
  assert.equal(findKey("nope"), undefined);
});

Deno.test("every key is unique, including aliases, case-insensitively", () => {
  const names = KEYS.flatMap((d) => [d.key, ...(d.aliases ?? [])]).map((k) => k.toLowerCase());
  assert.equal(new Set(names).size, names.length);
});

Deno.test("every enum has values, every default is valid for its type", () => {
  for (const def of KEYS) {
    if (def.type === "enum") {
      assert.ok(def.values?.length, def.key);
      if (def.default !== undefined) {
        assert.ok(def.values!.includes(def.default as string), def.key);
      }
    }
  }
});

Deno.test("env names: documented names first, then the generic PINGCLI_ rule", () => {
  assert.equal(
    genericEnvName("service.pingOne.endpoint.environmentID"),
    "PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID",
  );
  assert.deepEqual(envNamesFor(findKey("service.pingOne.endpoint.environmentID")!), [
    "PINGONE_ENVIRONMENT_ID",
    "PINGCLI_PINGONE_ENVIRONMENT_ID",
    "PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID",
  ]);
  assert.deepEqual(
    envNamesFor(
      findKey("service.pingFederate.authentication.oauth.clientCredentials.clientSecret")!,
    ),
    [
      "PINGCLI_PINGFEDERATE_CLIENT_SECRET",
      "PINGCLI_PINGFEDERATE_OAUTH_CLIENT_SECRET",
      "PINGCLI_SERVICE_PINGFEDERATE_AUTHENTICATION_OAUTH_CLIENTCREDENTIALS_CLIENTSECRET",
    ],
  );
  assert.deepEqual(envNamesFor(findKey("activeProfile")!), []);
  assert.deepEqual(envNamesFor(findKey("auth.storage.type")!), [
    "PINGCLI_AUTH_STORAGE_TYPE",
    "PINGCLI_LOGIN_STORAGE_TYPE",
  ]);
});

Deno.test("prefixes match whole segments; pingone/pingfederate are shorthands", () => {
  assert.deepEqual(keysWithPrefix("log").map((d) => d.key), [
    "log.level",
    "log.file",
    "log.fileLevel",
  ]);
  assert.deepEqual(keysWithPrefix("lo"), []);
  assert.ok(keysWithPrefix("pingone").every((d) => d.key.startsWith("service.pingOne.")));
  assert.ok(
    keysWithPrefix("PingFederate.").every((d) => d.key.startsWith("service.pingFederate.")),
  );
});

Deno.test("suggestions: nearest key, or the only key ending with the name", () => {
  assert.equal(suggestKey("color"), "noColor");
  assert.equal(suggestKey("outputformat"), "outputFormat");
  assert.equal(suggestKey("rootDomain"), "service.pingOne.endpoint.rootDomain");
  assert.equal(suggestKey("clientID"), undefined); // many keys end with it
  assert.equal(suggestKey("completely.unrelated.thing.here"), undefined);
});

Deno.test("suggestions: a mistyped parent suggests the parent, a key under it the key", () => {
  assert.equal(suggestKey("service.pingOne.endpiont"), "service.pingOne.endpoint");
  assert.equal(suggestKey("service.pingOne.authentcation"), "service.pingOne.authentication");
  assert.equal(suggestKey("servce"), "service");
  assert.equal(
    suggestKey("service.pingOne.endpiont.environmentID"),
    "service.pingOne.endpoint.environmentID",
  );
  assert.equal(
    suggestKey("service.pingone.endpoint.envid"),
    "service.pingOne.endpoint.environmentID",
  );
  // Naming a parent exactly where a key is needed: echoing it back would not help.
  assert.equal(suggestKey("service.pingOne"), undefined);
});
