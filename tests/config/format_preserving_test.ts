/** The three-way line merge that keeps the user's formatting (src/config/format_preserving.ts). */
import assert from "node:assert/strict";
import { detectIndent, mergeEdit } from "../../src/config/format_preserving.ts";

const always = () => true;

Deno.test("the edit lands in the original; untouched lines keep their spacing", () => {
  const original = "a: 1    # one\nb:   2\nc: 3\n";
  const baseline = "a: 1 # one\nb: 2\nc: 3\n";
  const edited = "a: 1 # one\nb: 2\nc: 4\n";
  assert.equal(mergeEdit(original, baseline, edited, always), "a: 1    # one\nb:   2\nc: 4\n");
});

Deno.test("insertions and deletions are placed next to their neighbours", () => {
  const original = "x:\n    a: 1   # keep\n    b: 2\ny: 3\n";
  const baseline = "x:\n    a: 1 # keep\n    b: 2\ny: 3\n";
  assert.equal(
    mergeEdit(original, baseline, "x:\n    a: 1 # keep\n    b: 2\n    c: 5\ny: 3\n", always),
    "x:\n    a: 1   # keep\n    b: 2\n    c: 5\ny: 3\n",
  );
  assert.equal(
    mergeEdit(original, baseline, "x:\n    a: 1 # keep\ny: 3\n", always),
    "x:\n    a: 1   # keep\ny: 3\n",
  );
});

Deno.test("when a change cannot be placed, or would change the meaning, the edited text is used", () => {
  // The changed line has no counterpart in the original: fall back.
  const original = "k:   # note\n  a: 1\n";
  const baseline = "k:\n  # note\n  a: 1\n";
  const edited = "k:\n  # note\n  a: 2\n  b: 3\n";
  assert.equal(mergeEdit(original, "k:\n  # moved\n  a: 1\n", edited, always), edited);
  assert.equal(mergeEdit(original, baseline, edited, () => false), edited);
  assert.equal(mergeEdit(original, baseline, edited, always), "k:   # note\n  a: 2\n  b: 3\n");
});

Deno.test("an identical round trip takes the edited text as is; CRLF is kept", () => {
  assert.equal(mergeEdit("a: 1\n", "a: 1\n", "a: 2\n", always), "a: 2\n");
  assert.equal(
    mergeEdit("a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n", "a: 1\nb: 3\n", always),
    "a: 1\r\nb: 3\r\n",
  );
});

Deno.test("detectIndent finds the nesting step the file uses", () => {
  assert.equal(detectIndent("a:\n    b: 1\n"), 4);
  assert.equal(detectIndent("a:\n  b:\n    c: 1\n"), 2);
  assert.equal(detectIndent("a: 1\n"), 2);
  assert.equal(detectIndent("a:\n  # comment\n   - x\n\tb: 1\n"), 2);
});
