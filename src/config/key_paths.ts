/**
 * Where a key is written inside a profile's mapping. The same key may be nested
 * (`service: {pingOne: {endpoint: {environmentID: …}}}`), flat
 * (`service.pingOne.endpoint.environmentID: …`) or partly flat (`service: {pingOne.endpoint…}`),
 * in any case: every lookup here sees them all as the same key segments.
 */
import { isMap, type Node, type Pair, type YAMLMap } from "yaml";
import { isEmptyScalar, keyText } from "./file.ts";

/** The pairs from a profile's mapping down to one value, each key as written. */
export type PairPath = Pair<Node, Node>[];

/** The key segments a mapping key stands for: `pingOne.endpoint` is two, lower-cased. */
function keySegments(pair: Pair<Node, Node>): string[] {
  return keyText(pair.key).toLowerCase().split(".");
}

/** Whether `head` is where `segments` starts. */
function startsWith(segments: readonly string[], head: readonly string[]): boolean {
  return head.length <= segments.length && head.every((s, i) => s === segments[i]);
}

/** Every path under `map` that spells `segments` (lower case), however it is split. */
export function findPaths(map: YAMLMap, segments: readonly string[]): PairPath[] {
  const found: PairPath[] = [];
  for (const pair of map.items as PairPath) {
    const head = keySegments(pair);
    if (!startsWith(segments, head)) continue;
    if (head.length === segments.length) found.push([pair]);
    else if (isMap(pair.value)) {
      for (const rest of findPaths(pair.value, segments.slice(head.length))) {
        found.push([pair, ...rest]);
      }
    }
  }
  return found;
}

/**
 * The longest path of existing mappings (or empty placeholders such as `pingOne:`) along
 * `segments`, and the segments still to add below it.
 */
export function deepestMapping(
  map: YAMLMap,
  segments: readonly string[],
): { path: PairPath; rest: readonly string[] } {
  let best: { path: PairPath; rest: readonly string[] } = { path: [], rest: segments };
  for (const pair of map.items as PairPath) {
    const head = keySegments(pair);
    if (head.length >= segments.length || !startsWith(segments, head)) continue;
    const rest = segments.slice(head.length);
    const candidate = isMap(pair.value)
      ? deepestMapping(pair.value, rest)
      : pair.value === null || isEmptyScalar(pair.value)
      ? { path: [], rest }
      : undefined;
    if (candidate && candidate.rest.length < best.rest.length) {
      best = { path: [pair, ...candidate.path], rest: candidate.rest };
    }
  }
  return best;
}

/** Removes the last pair of `path` from `map`, then every mapping on the way left empty. */
export function removePath(map: YAMLMap, path: PairPath): void {
  for (let i = path.length - 1; i >= 0; i--) {
    const parent = i === 0 ? map : path[i - 1]!.value as YAMLMap;
    parent.items.splice(parent.items.indexOf(path[i]!), 1);
    if (i === 0 || parent.items.length > 0) return;
  }
}

/**
 * A pair in `map` that holds a value where a mapping along `segments` belongs (such as
 * `pingOne: enabled` when adding `pingOne.endpoint.rootDomain`), so nothing can go under it.
 */
export function blockingPair(
  map: YAMLMap,
  segments: readonly string[],
): Pair<Node, Node> | undefined {
  return (map.items as PairPath).find((pair) => {
    const head = keySegments(pair);
    return head.length < segments.length && startsWith(segments, head) &&
      !isMap(pair.value) && pair.value !== null && !isEmptyScalar(pair.value);
  });
}
