/**
 * The load generators a benchmark can measure with: wrk when it is installed (a C client, a small
 * share of the two cores), or the node client of load.ts (no tool to install; it takes a core's
 * share of its own). Both send the same bytes round robin on kept-alive connections.
 */
import { type HttpCall, load } from './load.ts';
import { quantile } from './stats.ts';
import { wrkInstalled, wrkLoad } from './wrk.ts';

export type ClientName = 'wrk' | 'node';

export interface ClientResult {
  requests: number;
  seconds: number;
  /** Latency quantiles, ms. */
  p50: number;
  p99: number;
  /** Answers that were not 2xx (wrk: above 399), and requests that failed on the socket or timed out. */
  failures: number;
  /** CPU seconds the client used. */
  clientCpu: number;
}

export type Client = (
  url: string,
  calls: readonly HttpCall[],
  options: { connections: number; seconds: number },
) => Promise<ClientResult>;

const nodeClient: Client = async (url, calls, options) => {
  const before = process.cpuUsage();
  const result = await load(url, calls, options);
  const used = process.cpuUsage(before);
  return {
    requests: result.requests,
    seconds: result.seconds,
    p50: quantile(result.latencies, 0.5),
    p99: quantile(result.latencies, 0.99),
    failures: result.failures,
    clientCpu: (used.user + used.system) / 1e6,
  };
};

export const CLIENTS: Record<ClientName, Client> = { wrk: wrkLoad, node: nodeClient };

/** The clients asked for (`wrk`, `node` or `wrk,node`), or wrk if installed, else node. */
export function clientsNamed(list: string | undefined): ClientName[] {
  if (list === undefined) return [wrkInstalled() ? 'wrk' : 'node'];
  const names = list.split(',');
  for (const name of names) {
    if (name !== 'wrk' && name !== 'node') throw new Error(`--client: wrk or node, not ${name}`);
    if (name === 'wrk' && !wrkInstalled())
      throw new Error('--client wrk: wrk is not installed (apt-get install wrk)');
  }
  return names as ClientName[];
}
