/**
 * Raw node:http requests for hostile-input tests: fetch would normalise or refuse some of these
 * requests (odd methods, bad escapes, lying Content-Length). Every reply is checked like any other
 * (tests/support/client.ts), and a connection closed without an answer is an error, never a reply.
 */
import { request } from 'node:http';
import { checkReply, type NovaReply } from './client.ts';

export interface RawOptions {
  headers?: Record<string, string | number>;
  /** Sent whole, then the request ends. */
  body?: string | Buffer;
  /** Time allowed for the answer (default 5 s). */
  timeoutMs?: number;
}

export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: RawOptions = {},
): Promise<NovaReply> {
  return new Promise((resolve, reject) => {
    const url = `${baseUrl}${path}`;
    const outgoing = request(
      url,
      { method, headers: options.headers, timeout: options.timeoutMs ?? 5_000 },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const item of [value ?? []].flat()) headers.append(name, item);
          }
          const text = Buffer.concat(chunks).toString();
          const isJson = (headers.get('content-type') ?? '').includes('json');
          const reply = {
            status: incoming.statusCode ?? 0,
            headers,
            text,
            json: isJson && text ? JSON.parse(text) : undefined,
          };
          checkReply(method, url, reply);
          resolve(reply);
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: no answer in time`)));
    outgoing.end(options.body);
  });
}
