/** A minimal HTTP CONNECT proxy on loopback that records the targets it tunnels to. */
import { connect, createServer, type Socket } from "node:net";

export interface ConnectProxy {
  readonly url: string;
  /** `host:port` of every CONNECT request seen. */
  readonly targets: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.once("data", (head: Uint8Array) => {
      const line = new TextDecoder().decode(head).split("\r\n")[0] ?? "";
      const m = line.match(/^CONNECT (\S+):(\d+) HTTP\/1\.[01]$/);
      if (!m) {
        client.end("HTTP/1.1 405 Method Not Allowed\r\n\r\n");
        return;
      }
      targets.push(`${m[1]}:${m[2]}`);
      const upstream = connect(Number(m[2]), m[1] === "localhost" ? "127.0.0.1" : m[1]!, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        client.pipe(upstream);
        upstream.pipe(client);
      });
      sockets.add(upstream);
      upstream.on("close", () => sockets.delete(upstream));
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
