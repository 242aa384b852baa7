/** `nova-images-mock serve`: the standalone HTTP server over the shared handlers. */
import { createApp, handlersFor } from '../mocks/handlers.ts';
import { listen } from '../mocks/http.ts';
import { integerFlag, parseFlags, UsageError } from './flags.ts';

export const SERVE_HELP = `Usage: nova-images-mock serve [flags]

Serves Nova's images API (and its version documents) over HTTP.

Flags:
  --host HOST             address to listen on (default 127.0.0.1)
  --port PORT             port (default 8774; 0 picks a free port)
  --dataset NAME|PATH     api-samples (default), api-samples-foreign, unit-fixtures, demo, or a dataset file
  --public-url URL        base of the links in responses (default: the request's origin)
  --glance-url URL        base of the alternate (Glance) links (default: <public url>/image)
  --project-id ID         the caller's project (default 6f70656e737461636b20342065766572)
  --max-limit N           [api] max_limit for next links (default 1000)
  --metadata-quota N      metadata items per image, -1 = unlimited (default 128)
  -h, --help              this help

Example:
  nova-images-mock serve --port 0 --dataset demo --public-url http://openstack.example.com`;

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  dataset: { type: 'string' },
  'public-url': { type: 'string' },
  'glance-url': { type: 'string' },
  'project-id': { type: 'string' },
  'max-limit': { type: 'string' },
  'metadata-quota': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runServe(argv: string[]): Promise<number> {
  let app: ReturnType<typeof createApp>;
  let flags: ReturnType<typeof parseFlags<typeof FLAGS>>;
  let port: number;
  try {
    flags = parseFlags(argv, FLAGS);
    if (flags.help) {
      process.stdout.write(`${SERVE_HELP}\n`);
      return 0;
    }
    app = createApp({
      dataset: flags.dataset,
      publicUrl: flags['public-url'],
      glanceUrl: flags['glance-url'],
      projectId: flags['project-id'],
      maxLimit: integerFlag('max-limit', flags['max-limit'], 1),
      metadataQuota: integerFlag('metadata-quota', flags['metadata-quota'], -1),
    });
    port = integerFlag('port', flags.port, 0) ?? 8774;
  } catch (error) {
    process.stderr.write(`nova-images-mock serve: ${(error as Error).message}\n`);
    if (error instanceof UsageError) process.stderr.write('Run nova-images-mock serve --help for usage.\n');
    return 2;
  }
  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(handlersFor(app), { host: flags.host, port });
  } catch (error) {
    process.stderr.write(`nova-images-mock serve: cannot listen: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    `nova-images-mock: Nova images API at ${running.url}/v2.1 (${app.store.size} images)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
