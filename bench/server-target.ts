/**
 * One server of the server benchmark, run in its own process: `mock` (the app, called directly by
 * the node:http adapter), `msw-floor` (one bare msw handler, through msw's `getResponse`,
 * returning a pre-serialized body through the same adapter),
 * `msw-floor-length` (the same, also declaring Content-Length, which lets the adapter stream the
 * body instead of measuring it) or `node-http` (plain node:http with the same body). Prints its URL.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, HttpResponse, http } from 'msw';
import { createApp } from '../mocks/handlers.ts';
import { listen } from '../mocks/http.ts';
import type { ImageRecord } from '../mocks/types.ts';

const [kind, datasetFile, bodyFile] = process.argv.slice(2);

async function start(): Promise<string> {
  if (kind === 'mock') {
    const records = (JSON.parse(readFileSync(datasetFile ?? '', 'utf8')) as { images: ImageRecord[] }).images;
    return (await listen(createApp({ dataset: records }).fetch, { port: 0 })).url;
  }
  const body = readFileSync(bodyFile ?? '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (kind === 'msw-floor-length') headers['content-length'] = String(body.byteLength);
  if (kind === 'msw-floor' || kind === 'msw-floor-length') {
    const handlers = [http.get(/\/images\/detail$/, () => new HttpResponse(body, { headers }))];
    return (await listen(async (request) => (await getResponse(handlers, request)) as Response, { port: 0 }))
      .url;
  }
  const server = createServer((_request, response) => {
    response.writeHead(200, { ...headers, 'content-length': body.byteLength });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

process.stdout.write(`${await start()}\n`);
