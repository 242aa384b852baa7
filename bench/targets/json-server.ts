/**
 * json-server 0.17.4 as its users run it, on a db file (lowdb FileSync, so every write saves
 * the whole file, as json-server does). Prints its URL.
 *
 *   tsx bench/targets/json-server.ts DB.json
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

interface JsonServer {
  create(): {
    use(...handlers: unknown[]): void;
    listen(port: number, host: string, ready: () => void): Server;
  };
  defaults(options: { logger: boolean; noCors: boolean }): unknown[];
  router(file: string): unknown;
}

const jsonServer = createRequire(import.meta.url)('json-server') as JsonServer;
const app = jsonServer.create();
app.use(jsonServer.defaults({ logger: false, noCors: true }));
app.use(jsonServer.router(process.argv[2] ?? ''));
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
