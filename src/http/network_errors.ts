/**
 * Turning what fetch throws into pingcli errors that say what went wrong and what to do:
 * TLS (naming the CA settings), DNS, refused, reset, timeouts after retries, permissions.
 */
import { PingcliError } from "../errors.ts";
import { redact } from "../output/log.ts";
import type { TransportOptions } from "./client.ts";

/** The pingcli error for what fetch threw while calling `url`. */
export function networkError(
  error: unknown,
  url: URL,
  options: TransportOptions,
): PingcliError {
  if (error instanceof PingcliError) return error;
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    // Not the network: the binary's permission set lacks something. Retrying cannot help.
    return new PingcliError(
      "INTERNAL_ERROR",
      `request to ${url.host} was blocked: ${firstLine(String((error as Error).message))}`,
      {
        hint: "This is a bug in pingcli's permission set. Report it with 'pingcli feedback'.",
        cause: error,
        retryable: false,
      },
    );
  }
  // Deno may quote a rejected header value (a credential) in its message: never pass it on.
  const message = redact(
    error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error),
  );
  const host = url.host;
  // The peer hung up mid-handshake (a reset, a proxy or firewall dropping us): not a
  // certificate problem, and worth retrying.
  if (
    /handshake eof|connection reset|broken pipe|unexpected[ -]eof|peer closed connection/i.test(
      message,
    )
  ) {
    return new PingcliError(
      "NETWORK_ERROR",
      `request to ${host} failed: the connection was closed (${firstLine(message)})`,
      {
        hint: "Check network connectivity, proxies (HTTPS_PROXY, NO_PROXY) and the service URL.",
        cause: error,
      },
    );
  }
  if (/certificate|UnknownIssuer|self.signed|CERT_|handshake failure|alert/i.test(message)) {
    return new PingcliError(
      "TLS_ERROR",
      `TLS verification failed for ${host}: ${firstLine(message)}`,
      {
        hint: options.caCerts?.length
          ? "The certificate is not signed by the system roots or the configured CA files. Check the CA settings."
          : "If the server uses a private CA, point DENO_CERT at its PEM file (PingFederate: service.pingFederate.caCertificatePemFiles).",
        cause: error,
        retryable: false,
      },
    );
  }
  if (
    /dns error|failed to lookup|Name or service not known|nodename nor servname|No such host/i.test(
      message,
    )
  ) {
    return new PingcliError("NETWORK_ERROR", `cannot resolve host ${url.hostname}`, {
      hint: "Check the host name settings and your DNS / proxy configuration.",
      cause: error,
    });
  }
  if (/refused/i.test(message)) {
    return new PingcliError("NETWORK_ERROR", `connection refused by ${host}`, {
      hint: "Check the host and port, and that the service is running.",
      cause: error,
    });
  }
  return new PingcliError("NETWORK_ERROR", `request to ${host} failed: ${firstLine(message)}`, {
    hint: "Check network connectivity, proxies (HTTPS_PROXY, NO_PROXY) and the service URL.",
    cause: error,
  });
}

/** A timeout after retries says how long pingcli waited in all, not the last attempt's share. */
export function finalError(
  error: PingcliError,
  url: URL,
  elapsedMs: number,
  attempts: number,
): PingcliError {
  if (error.code !== "TIMEOUT" || attempts === 1) return error;
  return new PingcliError(
    "TIMEOUT",
    `${url.host} did not answer: gave up after ${
      Math.round(elapsedMs / 100) / 10
    } s and ${attempts} attempts`,
    { hint: error.hint, cause: error.cause },
  );
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0]!.slice(0, 300);
}
