/** The output layer: the JSON envelope, text rendering, warnings, errors and exit codes. */
import assert from "node:assert/strict";
import { BufferSink, type Context } from "../../src/context.ts";
import { PingcliError } from "../../src/errors.ts";
import { Output, type OutputFormat } from "../../src/output/output.ts";
import { renderFields, renderTable } from "../../src/output/table.ts";

function setup(
  format: OutputFormat,
  options: { detailedExitCode?: boolean; debug?: boolean } = {},
) {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const ctx = { stdout, stderr, now: () => 0 } as unknown as Context;
  const out = new Output(ctx, {
    format,
    color: false,
    debug: options.debug ?? false,
    detailedExitCode: options.detailedExitCode ?? false,
  });
  return { out, stdout, stderr };
}

const failure = new PingcliError("CONFIG_INVALID", "bad value", { hint: "Fix it." });

Deno.test("json: the envelope has fixed fields in a fixed order", () => {
  const { out, stdout } = setup("json");
  out.result({ data: [{ a: 1 }], message: "done", meta: { httpStatus: 200 } });
  assert.equal(
    stdout.text,
    JSON.stringify(
      {
        schemaVersion: "1.0",
        status: "success",
        message: "done",
        data: [{ a: 1 }],
        errors: [],
        meta: { durationMs: 0, httpStatus: 200 },
        warnings: [],
      },
      null,
      2,
    ) + "\n",
  );
  assert.equal(out.exitCode(), 0);
});

Deno.test("json: warnings make status 'warning'; exit 2 only with detailed exit codes", () => {
  for (const detailed of [false, true]) {
    const { out, stdout, stderr } = setup("json", { detailedExitCode: detailed });
    out.warn("careful", "CONFIG_CONFLICT");
    out.warn("careful", "CONFIG_CONFLICT"); // the same warning once
    out.result({ data: null });
    const env = JSON.parse(stdout.text);
    assert.equal(env.status, "warning");
    assert.deepEqual(env.warnings, [{ code: "CONFIG_CONFLICT", message: "careful" }]);
    assert.equal(stderr.text, "");
    assert.equal(out.exitCode(), detailed ? 2 : 0);
  }
});

Deno.test("errors: enveloped on stdout in machine formats, ERROR/Hint on stderr in text", () => {
  const json = setup("json");
  json.out.error(failure);
  assert.deepEqual(JSON.parse(json.stdout.text), {
    schemaVersion: "1.0",
    status: "error",
    message: "bad value",
    data: null,
    errors: [{
      code: "CONFIG_INVALID",
      category: "configuration",
      message: "bad value",
      hint: "Fix it.",
      retryable: false,
    }],
    meta: { durationMs: 0 },
    warnings: [],
  });
  assert.equal(json.out.exitCode(), 1);
  const ndjson = setup("ndjson");
  ndjson.out.error(failure);
  assert.equal(JSON.parse(ndjson.stdout.text).status, "error");
  assert.equal(ndjson.stdout.text.split("\n").length, 2, "one line");
  const text = setup("text");
  text.out.error(failure);
  assert.equal(text.stdout.text, "");
  assert.equal(text.stderr.text, "ERROR: bad value\nHint: Fix it.\n");
  assert.equal(text.out.exitCode(), 1);
});

Deno.test("text: the result's text on stdout with one trailing newline; warnings on stderr", () => {
  const { out, stdout, stderr } = setup("text");
  out.warn("heads up");
  out.result({ data: { x: 1 }, text: "line one\nline two" });
  assert.equal(stdout.text, "line one\nline two\n");
  assert.equal(stderr.text, "WARNING: heads up\n");
  const raw = setup("text");
  raw.out.result({ data: null, raw: new TextEncoder().encode("exact bytes") });
  assert.equal(raw.stdout.text, "exact bytes");
});

Deno.test("ndjson: records one per line; ndjson-wrapped: an envelope per record", () => {
  const plain = setup("ndjson");
  plain.out.result({ data: [{ a: 1 }, { a: 2 }] });
  assert.equal(plain.stdout.text, '{"a":1}\n{"a":2}\n');
  const wrapped = setup("ndjson-wrapped");
  wrapped.out.result({ data: [{ a: 1 }, { a: 2 }], message: "m" });
  const lines = wrapped.stdout.text.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.data), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(Object.keys(lines[0]), [
    "schemaVersion",
    "status",
    "message",
    "data",
    "errors",
    "meta",
    "warnings",
  ]);
});

Deno.test("--debug adds the stack to errors", () => {
  const { out, stderr } = setup("text", { debug: true });
  out.error(failure);
  assert.match(stderr.text, /^ERROR: bad value\nHint: Fix it\.\nPingcliError: bad value\n\s+at /);
  const json = setup("json", { debug: true });
  json.out.error(failure);
  assert.match(JSON.parse(json.stdout.text).errors[0].details.stack, /PingcliError: bad value/);
});

Deno.test("tables align columns and trim trailing blanks", () => {
  assert.equal(
    renderTable(["NAME", "DESCRIPTION", "ACTIVE"], [["default", "", "yes"], [
      "a-long-name",
      "x",
      "no",
    ]]),
    "NAME         DESCRIPTION  ACTIVE\ndefault                   yes\na-long-name  x            no\n",
  );
  assert.equal(renderTable(["KEY", "VALUE"], [["k", ""]]), "KEY  VALUE\nk\n");
  assert.equal(
    renderFields([["type", "uuid"], ["default", "x"]], "  "),
    "  type:    uuid\n  default: x\n",
  );
});

Deno.test("ndjson: warnings go to stderr; ndjson-wrapped: an envelope even with no records", () => {
  const plain = setup("ndjson");
  plain.out.warn("careful", "CONFIG_CONFLICT");
  plain.out.result({ data: [{ a: 1 }] });
  assert.equal(plain.stdout.text, '{"a":1}\n');
  assert.equal(plain.stderr.text, "WARNING: careful\n");
  const wrapped = setup("ndjson-wrapped");
  wrapped.out.result({ data: [] });
  assert.deepEqual(JSON.parse(wrapped.stdout.text), {
    schemaVersion: "1.0",
    status: "success",
    message: "",
    data: null,
    errors: [],
    meta: { durationMs: 0 },
    warnings: [],
  });
  const failed = setup("ndjson-wrapped");
  failed.out.result({ data: [], failed: failure });
  const lines = failed.stdout.text.trimEnd().split("\n");
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]!).errors[0].code, "CONFIG_INVALID");
  assert.equal(failed.out.exitCode(), 1);
});
