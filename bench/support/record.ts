/** One answer of a server, byte for byte, for the node:http floor to send back. */
import { request } from 'node:http';
import type { RecordedAnswer } from '../targets/node-http.ts';
import type { HttpCall } from './load.ts';

export function recordAnswer(url: string, call: HttpCall): Promise<RecordedAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}${call.path}`,
      { method: call.method, headers: call.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers: [string, string][] = [];
          const raw = response.rawHeaders;
          for (let index = 0; index + 1 < raw.length; index += 2) {
            const name = (raw[index] as string).toLowerCase();
            // The floor declares the length of what it sends, whatever the mock did.
            if (
              name === 'transfer-encoding' ||
              name === 'content-length' ||
              name === 'date' ||
              name === 'connection' ||
              name === 'keep-alive'
            )
              continue;
            headers.push([raw[index] as string, raw[index + 1] as string]);
          }
          headers.push(['Content-Length', String(body.byteLength)]);
          resolve({ status: response.statusCode ?? 0, headers, body: body.toString('base64') });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}
