/**
 * Buffers for list pages (hundreds of kilobytes each), reused once the standalone server has
 * written a page: a fresh buffer per page costs more than assembling it (the allocation, and the
 * garbage collections that so much external memory sets off). A page still in a client's hands
 * (in-process, a browser) is never given back, so never reused.
 */
type Bytes = Uint8Array<ArrayBuffer>;

/** Buffers made here; only these come back. */
const made = new WeakSet<ArrayBuffer>();
const spare: ArrayBuffer[] = [];
/** About as many pages as a server writes at once. */
const SPARE_BUFFERS = 8;
const GRAIN = 64 * 1024;

/** `length` bytes about to be overwritten whole. */
export function pageBytes(length: number): Bytes {
  const at = spare.findIndex((buffer) => buffer.byteLength >= length);
  if (at >= 0) return new Uint8Array(spare.splice(at, 1)[0] as ArrayBuffer, 0, length);
  // Node can skip zero-filling them; browsers cannot.
  const bytes = globalThis.Buffer
    ? (globalThis.Buffer.allocUnsafeSlow(Math.ceil(length / GRAIN) * GRAIN) as Bytes)
    : new Uint8Array(length);
  made.add(bytes.buffer);
  return bytes.subarray(0, length);
}

/** Whether `bytes` are a page's, to be given back once written (`releasePageBytes`). */
export function isPageBytes(bytes: Uint8Array): boolean {
  return made.has(bytes.buffer as ArrayBuffer);
}

/** Gives back a page's bytes once they are written and nothing reads them any more. */
export function releasePageBytes(bytes: Uint8Array): void {
  const buffer = bytes.buffer as ArrayBuffer;
  if (!made.has(buffer) || spare.includes(buffer) || spare.length >= SPARE_BUFFERS) return;
  spare.push(buffer);
}
