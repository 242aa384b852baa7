/**
 * The floor: bare node:http answering each request with bytes recorded from the mock (status,
 * headers and body), looked up by method and path. Prints its URL.
 *
 *   tsx bench/targets/node-http.ts ANSWERS.json
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedAnswer {
  status: number;
  headers: [string, string][];
  /** base64 */
  body: string;
}

const recorded = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Record<string, RecordedAnswer>;
const answers = new Map(
  Object.entries(recorded).map(([key, answer]) => [
    key,
    { status: answer.status, headers: answer.headers.flat(), body: Buffer.from(answer.body, 'base64') },
  ]),
);

const server = createServer((request, response) => {
  const answer = answers.get(`${request.method} ${request.url}`);
  // Bodies are read to the end, as any server must before it answers on a kept-alive connection.
  request.resume();
  request.once('end', () => {
    if (answer === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
