/**
 * The one difference between the msw versions the package supports (2.15 and later, and 3) that
 * reaches its API: msw 3 renamed the `onUnhandledRequest` option of `listen()` and `start()` to
 * `onUnhandledFrame`. The mock takes `onUnhandledRequest` and hands msw both names; each version
 * reads its own and ignores the other.
 */
export type UnhandledRequestStrategy = 'bypass' | 'warn' | 'error';

export function unhandledRequestOptions(strategy: UnhandledRequestStrategy | undefined): {
  onUnhandledRequest?: UnhandledRequestStrategy;
  onUnhandledFrame?: UnhandledRequestStrategy;
} {
  return strategy === undefined ? {} : { onUnhandledRequest: strategy, onUnhandledFrame: strategy };
}
