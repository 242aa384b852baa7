/**
 * Closing a connection whose request body was left unread (a 413, a route that ignores the body)
 * without losing the answer. A socket closed while the client still sends, or with its bytes
 * unread, makes the kernel answer with a reset, and a client that had not read the answer yet
 * loses it: "the TCP reset problem" of RFC 9112 §9.6. So, as that section says servers do, the
 * server half-closes after the answer, drops what the client still sends until it closes its side,
 * and gives up after a bounded time.
 */
import type { Socket } from 'node:net';

/** How long a client that keeps sending after its answer may keep the connection. */
const LINGER_MS = 2_000;

/**
 * Makes the close that follows a `Connection: close` answer on this socket a lingering one.
 * node:http ends such an answer with `socket.destroySoon()` (end, then destroy once the FIN is
 * out, `_http_server.js` resOnFinish); the parser keeps reading and dropping the rest of the body
 * meanwhile (it dumps an unread request), so nothing is buffered.
 */
export function lingerOnClose(socket: Socket): void {
  socket.destroySoon = () => closeLingering(socket);
}

/** Half-closes the connection now and drops what still comes until the client closes, at most LINGER_MS. */
export function closeLingering(socket: Socket): void {
  if (socket.writable) socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('end', () => socket.destroy());
  socket.once('close', () => clearTimeout(timer));
}
