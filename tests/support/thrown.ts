/** The error a call throws, when it is of the expected class; anything else fails the test. */
export function thrown<T extends Error>(kind: abstract new (...args: never[]) => T, call: () => unknown): T {
  try {
    call();
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected a ${kind.name}`);
}
