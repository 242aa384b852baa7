/**
 * The mock's standalone server for the soak benchmark, as `serve` runs it, answering the parent's
 * IPC `sample` with its memory after a full garbage collection (run with --expose-gc).
 *
 *   node --expose-gc --import tsx bench/targets/soak-server.ts
 */
import { createApp } from '../../mocks/handlers.ts';
import { listen } from '../../mocks/http.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const running = await listen(createApp({ dataset: 'demo' }), { port: 0 });
process.on('message', (message) => {
  if (message !== 'sample') return;
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed });
});
process.stdout.write(`${running.url}\n`);
