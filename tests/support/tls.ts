/**
 * Per-run test PKI: a throwaway CA and a loopback server certificate signed by it.
 *
 * Generated with the `openssl` CLI so the tests exercise real chain validation (rustls
 * refuses a self-signed CA used directly as the server certificate).
 *
 * @module
 */

/** Material produced by {@linkcode createTestCA}. */
export interface TestTls {
  /** Temp directory holding every generated file; tests may put more files here. */
  dir: string;
  /** Path of the CA certificate PEM (suitable for `DENO_CERT` or a CA setting). */
  caFile: string;
  /** CA certificate PEM text. */
  caPem: string;
  /** Server certificate PEM (SAN: localhost, 127.0.0.1, ::1). */
  certPem: string;
  /** Server private key PEM. */
  keyPem: string;
}

const OPENSSL = "/usr/bin/openssl";

async function openssl(cwd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(OPENSSL, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr);
    throw new Error(`openssl ${args[0]} failed (${out.code}): ${err}`);
  }
}

/** Random positive serial; `-CAcreateserial` would leave a stateful .srl file behind. */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f | 0x10;
  return "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Creates a fresh CA and a server certificate for loopback use in a new temp directory.
 * P-256 keys keep generation fast (tens of milliseconds).
 */
export async function createTestCA(): Promise<TestTls> {
  const dir = await Deno.makeTempDir({ prefix: "pingcli-tls-" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=pingcli test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await openssl(dir, [
    "req",
    ...ec,
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=localhost",
  ]);
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
      "",
    ].join("\n"),
  );
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-set_serial",
    randomSerial(),
    "-days",
    "2",
    "-extfile",
    "server.ext",
    "-out",
    "server.pem",
  ]);
  const caFile = `${dir}/ca.pem`;
  return {
    dir,
    caFile,
    caPem: await Deno.readTextFile(caFile),
    certPem: await Deno.readTextFile(`${dir}/server.pem`),
    keyPem: await Deno.readTextFile(`${dir}/server.key`),
  };
}

/**
 * An HTTP client for the test process's own `fetch` that trusts only the test CA.
 * Callers must `close()` it, or Deno's resource sanitizer flags the leak.
 */
export function trustingClient(caPem: string): Deno.HttpClient {
  return Deno.createHttpClient({ caCerts: [caPem] });
}
