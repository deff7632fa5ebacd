/**
 * The Context: everything a command touches in the outside world, in one object.
 *
 * `main.ts` builds it from the real process; tests build it from fakes. No module below
 * `main.ts` reads `Deno.env` or writes to the console on its own (DESIGN §3).
 */

/** A sink for text: stdout, stderr or a buffer in tests. */
export interface TextSink {
  write(text: string): void;
  /** Bytes as they are (an API body need not be UTF-8 text). */
  writeBytes(bytes: Uint8Array): void;
}

export interface Context {
  /** Read-only view of the environment variables pingcli is allowed to see. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Reads all of standard input as text. */
  readStdin(): Promise<string>;
  /** Whether stdin / stdout / stderr are terminals. */
  readonly isTTY: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
  /** The fetch to use for every network call (tests may inject one). */
  readonly fetch: typeof fetch;
  /** Milliseconds since the epoch. */
  now(): number;
  /** The user's home directory, or undefined when none can be determined. */
  readonly home: string | undefined;
  /** The working directory, for resolving relative paths the user gives. */
  readonly cwd: string;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
  /** Asks a yes/no question on the terminal; only called when interactive. */
  confirm?(question: string): Promise<boolean>;
  /** Asks for one line of text on the terminal; undefined at end of input. Interactive only. */
  prompt?(question: string): Promise<string | undefined>;
  /**
   * Asks for a secret on the terminal without echoing it (question on stderr); undefined when
   * the user cancels (Ctrl-C) or ends input with nothing typed. Only called when stdin is a TTY.
   */
  readSecret?(question: string): Promise<string | undefined>;
}

/** A buffer sink, for tests and for capturing output. */
export class BufferSink implements TextSink {
  #chunks: string[] = [];
  #bytes: Uint8Array[] = [];
  write(text: string): void {
    this.#chunks.push(text);
    this.#bytes.push(new TextEncoder().encode(text));
  }
  writeBytes(bytes: Uint8Array): void {
    this.#chunks.push(new TextDecoder().decode(bytes));
    this.#bytes.push(bytes.slice());
  }
  /** Everything written so far, as bytes. */
  get bytes(): Uint8Array {
    const out = new Uint8Array(this.#bytes.reduce((n, b) => n + b.length, 0));
    let offset = 0;
    for (const b of this.#bytes) {
      out.set(b, offset);
      offset += b.length;
    }
    return out;
  }
  /** Everything written so far. */
  get text(): string {
    return this.#chunks.join("");
  }
}
