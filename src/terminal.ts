/**
 * Talking to a person at the terminal: one line, a secret without echo, a yes/no question.
 * Questions go to stderr, never into the data on stdout.
 */
import type { TextSink } from "./context.ts";

/** Reads one line from stdin (the terminal), without buffering past the newline. */
export async function readLine(): Promise<string | undefined> {
  const bytes: number[] = [];
  const one = new Uint8Array(1);
  while (true) {
    const n = await Deno.stdin.read(one);
    if (n === null) {
      return bytes.length ? new TextDecoder().decode(new Uint8Array(bytes)) : undefined;
    }
    if (one[0] === 10) break;
    bytes.push(one[0]!);
  }
  return new TextDecoder().decode(new Uint8Array(bytes)).replace(/\r$/, "");
}

/**
 * Reads a secret from the terminal with echo off (raw mode), so it never shows on screen.
 * Enter ends it; Backspace deletes a character; Ctrl-U clears; Ctrl-C cancels (undefined);
 * Ctrl-D ends it, or cancels when nothing was typed. Escape sequences (arrow keys) are ignored.
 */
export async function readSecret(question: string, stderr: TextSink): Promise<string | undefined> {
  const bytes: number[] = [];
  const decode = () => new TextDecoder().decode(new Uint8Array(bytes));
  const chunk = new Uint8Array(256);
  let escape: "none" | "start" | "sequence" = "none";
  // Echo goes off before the question shows, so nothing typed ahead is ever echoed.
  Deno.stdin.setRaw(true);
  try {
    stderr.write(question);
    while (true) {
      const n = await Deno.stdin.read(chunk);
      if (n === null) return bytes.length ? decode() : undefined;
      for (const byte of chunk.subarray(0, n)) {
        if (escape === "start") {
          escape = byte === 0x5b || byte === 0x4f ? "sequence" : "none"; // ESC [ or ESC O
          continue;
        }
        if (escape === "sequence") {
          if (byte >= 0x40 && byte <= 0x7e) escape = "none"; // the final byte of the sequence
          continue;
        }
        if (byte === 0x0d || byte === 0x0a) return decode(); // Enter
        if (byte === 0x03) return undefined; // Ctrl-C
        if (byte === 0x04) return bytes.length ? decode() : undefined; // Ctrl-D
        if (byte === 0x1b) escape = "start";
        else if (byte === 0x7f || byte === 0x08) {
          // Backspace removes one whole character: its UTF-8 continuation bytes, then the lead.
          while (bytes.length && (bytes[bytes.length - 1]! & 0xc0) === 0x80) bytes.pop();
          bytes.pop();
        } else if (byte === 0x15) bytes.length = 0; // Ctrl-U
        else if (byte >= 0x20) bytes.push(byte);
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
    stderr.write("\n"); // the user's Enter was not echoed either
  }
}

/** Asks a yes/no question on stderr (stdout is for data); only y or yes means yes. */
export async function confirm(question: string, stderr: TextSink): Promise<boolean> {
  stderr.write(`${question} [y/N] `);
  const answer = await readLine();
  if (answer === undefined) stderr.write("\n");
  return /^(y|yes)$/i.test(answer?.trim() ?? "");
}
