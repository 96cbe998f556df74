import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { LOOPBACK_HOSTS } from '@livespan/tracing/wire';
import type { Hono } from 'hono';
import type { DirectHandler } from './direct-ingest.js';
import type { Logger } from './logger.js';
import { MISSING_HOST } from './request-guard.js';

export interface ListenOptions {
  /** Default 4000; 0 picks a free port. The address is the server's `host` option. */
  port?: number;
}

/** One port the server listens on. The server's own `close()` is the full stop; this closes only the port. */
export interface Listener {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  port: number;
  /** Stops accepting connections on this port and closes its connections. Idempotent. */
  close(): Promise<void>;
}

/** Binds `app` to a port; rejects with a message naming the port when it cannot. */
export function listenOn(
  app: Hono,
  options: { port: number; host: string; direct?: DirectHandler },
  logger: Logger,
): Promise<Listener> {
  const { port, host } = options;
  if (!LOOPBACK_HOSTS.has(host)) {
    logger.warn(
      `listening on ${host}, not loopback: anyone who can reach this address can read and write traces`,
    );
  }
  // Always an HTTP/1 server here: we pass no createServer option.
  // A request without Host reaches the app, whose guard answers it in JSON like every other refusal.
  const viaHono = getRequestListener(app.fetch, { hostname: MISSING_HOST });
  const direct = options.direct;
  const server = http.createServer({ requireHostHeader: false }, (request, response) => {
    if (!direct?.(request, response)) void viaHono(request, response);
  });
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use; pick another with --port`
          : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(new Error(reason, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host.replace(/^\[(.*)\]$/, '$1'), () => {
      server.off('error', onError);
      const actual = (server.address() as AddressInfo).port;
      const urlHost =
        host === '0.0.0.0' || host === '::'
          ? 'localhost'
          : host.includes(':') && !host.startsWith('[')
            ? `[${host}]`
            : host;
      let closed: Promise<void> | undefined;
      const closeListener = () => {
        closed ??= new Promise<void>((done) => {
          // Ended SSE responses finish writing first; idle keep-alive sockets go at once, stragglers after a grace.
          const idle = setInterval(() => server.closeIdleConnections(), 20);
          const force = setTimeout(() => server.closeAllConnections(), 1_000);
          server.close(() => {
            clearInterval(idle);
            clearTimeout(force);
            done();
          });
          server.closeIdleConnections();
        });
        return closed;
      };
      resolve({ url: `http://${urlHost}:${actual}`, port: actual, close: closeListener });
    });
  });
}

/**
 * Node refuses some requests before the app sees them (a URL or headers
 * over its size limits, bad syntax) with a bare status line. Every answer of this server is JSON, so these are too.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({
    error: tooLarge
      ? 'request URL or headers are too large'
      : `malformed HTTP request (${error.code ?? 'bad request'})`,
  });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
