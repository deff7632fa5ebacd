/**
 * Keeping the user's formatting on `config set` / `config unset`.
 *
 * The `yaml` Document API keeps comments and key order, but re-serialising a document is not
 * byte-exact: it re-spaces end-of-line comments and moves a comment written after a mapping
 * key onto its own line (ecosystem.md §3.2). So an edit is applied as a three-way line merge:
 * `baseline` is the unedited document as the serialiser writes it, `edited` the edited one,
 * and the lines that differ between those two are patched into the user's `original` text.
 * Lines the edit did not touch stay byte-for-byte as the user wrote them. When a change
 * cannot be placed unambiguously, or the merged text would not mean the same as `edited`,
 * the fully re-serialised `edited` text is used instead.
 */

/** Replace `base[start, end)` with `lines`. */
interface Hunk {
  readonly start: number;
  readonly end: number;
  readonly lines: readonly string[];
}

/**
 * Merges the change `baseline` → `edited` into `original`. `sameMeaning(text)` must return
 * true when a candidate merged text parses to the same data as `edited`.
 */
export function mergeEdit(
  original: string,
  baseline: string,
  edited: string,
  sameMeaning: (text: string) => boolean,
): string {
  const crlf = original.includes("\r\n");
  const orig = crlf ? original.replaceAll("\r\n", "\n") : original;
  if (orig === baseline) return restoreNewlines(edited, crlf);
  const merged = patchLines(orig.split("\n"), baseline.split("\n"), edited.split("\n"));
  if (merged === undefined) return restoreNewlines(edited, crlf);
  let text = merged.join("\n");
  if (!text.endsWith("\n")) text += "\n";
  return restoreNewlines(sameMeaning(text) ? text : edited, crlf);
}

function restoreNewlines(text: string, crlf: boolean): string {
  return crlf ? text.replaceAll("\n", "\r\n") : text;
}

function patchLines(
  original: string[],
  baseline: string[],
  edited: string[],
): string[] | undefined {
  // The serialiser re-spaces end-of-line comments, so lines are paired ignoring spacing runs.
  const toOriginal = matchLines(baseline.map(spacing), original.map(spacing));
  const result = [...original];
  const hunks = diffHunks(baseline, edited);
  for (let h = hunks.length - 1; h >= 0; h--) {
    const { start, end, lines } = hunks[h]!;
    let from: number;
    let to: number;
    if (end > start) {
      for (let i = start; i < end; i++) {
        if (toOriginal[i] === -1) return undefined;
        if (i > start && toOriginal[i] !== toOriginal[i - 1]! + 1) return undefined;
      }
      from = toOriginal[start]!;
      to = toOriginal[end - 1]! + 1;
    } else if (start > 0 && toOriginal[start - 1] !== -1) {
      from = to = toOriginal[start - 1]! + 1;
    } else if (start < baseline.length && toOriginal[start] !== -1) {
      from = to = toOriginal[start]!;
    } else {
      return undefined;
    }
    result.splice(from, to - from, ...lines);
  }
  return result;
}

/** A line with trailing blanks dropped and inner runs of blanks made one space. */
function spacing(line: string): string {
  return line.replace(/\s+$/, "").replace(/(?<=\S)[ \t]+/g, " ");
}

/** For each line of `a`, the index of the matching line of `b` in a longest common subsequence. */
function matchLines(a: readonly string[], b: readonly string[]): number[] {
  const map = new Array<number>(a.length).fill(-1);
  for (const [i, j] of commonSubsequence(a, b)) map[i] = j;
  return map;
}

/** The hunks that turn `a` into `b`. */
function diffHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [ci, cj] of [...commonSubsequence(a, b), [a.length, b.length] as const]) {
    if (ci > i || cj > j) hunks.push({ start: i, end: ci, lines: b.slice(j, cj) });
    i = ci + 1;
    j = cj + 1;
  }
  return hunks;
}

/** Index pairs of a longest common subsequence of lines (config files are small). */
function commonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head && tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  // lengths[i][j]: LCS length of a[head+i..] and b[head+j..], flattened.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = a[head + i] === b[head + j]
        ? lengths[(i + 1) * (m + 1) + j + 1]! + 1
        : Math.max(lengths[(i + 1) * (m + 1) + j]!, lengths[i * (m + 1) + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[head + i] === b[head + j]) {
      pairs.push([head + i, head + j]);
      i++;
      j++;
    } else if (lengths[(i + 1) * (m + 1) + j]! >= lengths[i * (m + 1) + j + 1]!) i++;
    else j++;
  }
  for (let k = 0; k < tail; k++) pairs.push([a.length - tail + k, b.length - tail + k]);
  return pairs;
}

/** The indentation the file uses for nested mappings (2 when it cannot tell). */
export function detectIndent(text: string): number {
  let best = 0;
  for (const line of text.split(/\r?\n/)) {
    const m = /^( +)[^\s#-]/.exec(line);
    if (m && (best === 0 || m[1]!.length < best)) best = m[1]!.length;
  }
  return best >= 2 && best <= 8 ? best : 2;
}
