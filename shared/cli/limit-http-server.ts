import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long and how many: the connection limits of `reportage serve` (REPORTAGE_HTTP_*). */
export interface HttpServerLimits {
  /** All of a request's headers must arrive within this (slow headers). */
  headersTimeoutSeconds: number;
  /** A connection that sends nothing for this long, with no request being worked on, is closed. */
  idleTimeoutSeconds: number;
  /** Open connections per client address; 0 = no cap (behind a trusted proxy every client shares its address). */
  maxConnectionsPerAddress: number;
  /** A body still arriving must bring at least this many bytes every idle period (dripping bodies). */
  minBodyBytesPerIdlePeriod?: number;
}

/**
 * The options `http.createServer` takes for these limits. There is no overall request timeout:
 * completing a tens-of-GB upload joins and hashes it before answering, and a part over a slow link
 * takes long too; the idle and progress checks of `limitHttpServer` bound what a client can hold.
 */
export function httpServerOptions({ headersTimeoutSeconds }: HttpServerLimits) {
  return {
    requestTimeout: 0,
    headersTimeout: headersTimeoutSeconds * 1000,
    // How often Node looks for connections past `headersTimeout` (its default is 30 s).
    connectionsCheckingInterval: Math.min(1000, headersTimeoutSeconds * 250),
  };
}

/**
 * Bounds what one client can hold on the Node server (made with `httpServerOptions`):
 * - **per-address cap**: a connection over `maxConnectionsPerAddress` from one address is closed at once;
 * - **idle**: a socket silent for `idleTimeoutSeconds` is closed — before its first request, and
 *   mid-body — unless its request arrived whole and the server is still working on the answer (a
 *   long completion, a render's progress stream) with nothing waiting to be written; a client
 *   that stopped reading its answer is closed too;
 * - **progress**: a body still arriving must bring `minBodyBytesPerIdlePeriod` (16 KiB) every idle
 *   period, so one byte now and then does not hold a connection, while an upload over a slow
 *   1 Mbit/s link (≈ 3.7 MB per 30 s) is never near the bound.
 * Returns `stop()`, which ends the progress check (call it when the server closes).
 *
 * @example const server = serve({ fetch, port, serverOptions: httpServerOptions(limits) }); const limiter = limitHttpServer({ server, limits });
 */
export function limitHttpServer({ server, limits }: { server: Server; limits: HttpServerLimits }): { stop(): void } {
  const idleMs = limits.idleTimeoutSeconds * 1000;
  const minBytes = limits.minBodyBytesPerIdlePeriod ?? 16 * 1024;
  server.timeout = idleMs;
  // Idle keep-alive connections stay open longer than clients and proxies keep them (an ALB's 60 s
  // plus some): a client reusing a connection the server has just closed gets a reset.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = limits.headersTimeoutSeconds * 1000;

  const perAddress = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    if (limits.maxConnectionsPerAddress <= 0) return;
    const address = socket.remoteAddress ?? 'unknown';
    const open = (perAddress.get(address) ?? 0) + 1;
    if (open > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, open);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });

  /** The request each socket is on, and for one whose body is still coming, its progress mark. */
  const current = new Map<Socket, { req: IncomingMessage; res: ServerResponse; markBytes: number; markAt: number }>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    current.set(socket, { req, res, markBytes: socket.bytesRead, markAt: Date.now() });
    res.once('close', () => {
      if (current.get(socket)?.res === res) current.delete(socket);
    });
  });

  // With a listener here Node no longer closes timed-out sockets itself: this decides.
  server.on('timeout', (socket: Socket) => {
    const on = current.get(socket);
    const serverWorking = on?.req.complete && !on.res.writableEnded && socket.writableLength === 0;
    if (!serverWorking) socket.destroy();
  });

  const check = setInterval(
    () => {
      const now = Date.now();
      for (const [socket, on] of current) {
        if (on.req.complete) continue;
        if (socket.bytesRead - on.markBytes >= minBytes) {
          on.markBytes = socket.bytesRead;
          on.markAt = now;
        } else if (now - on.markAt >= idleMs) {
          socket.destroy();
          current.delete(socket);
        }
      }
    },
    Math.max(250, Math.min(5000, idleMs / 4)),
  );
  check.unref();
  return { stop: () => clearInterval(check) };
}
