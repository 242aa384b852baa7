/**
 * Microversions (§5.1–§5.3): which version a request asks for, the headers that echo it, and the
 * per-endpoint ceilings of the deprecated image APIs.
 */
import { NovaFault, notFound, RESOURCE_NOT_FOUND, ServerErredFault } from './faults.ts';

const sign = (difference: bigint): number => (difference > 0n ? 1 : difference < 0n ? -1 : 0);

/**
 * A compute API microversion, `major.minor`. Python's ints have no size limit, so neither do
 * these: a huge requested version is echoed digit for digit, never as `2.1e+25`.
 */
export class Microversion {
  readonly major: bigint;
  readonly minor: bigint;
  /** The headers that echo this version, made once: BigInts print slowly. */
  #echoed: ReadonlyArray<readonly [string, string]> | undefined;

  constructor(major: number | bigint, minor: number | bigint) {
    this.major = BigInt(major);
    this.minor = BigInt(minor);
  }

  /** Negative, zero or positive, as this version is below, equal to or above `other`. */
  compare(other: Microversion): number {
    return sign(this.major - other.major) || sign(this.minor - other.minor);
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }

  /** §5.2: the response headers that echo this version; two separate Vary lines. */
  get echoed(): ReadonlyArray<readonly [string, string]> {
    if (this.#echoed === undefined) {
      const text = this.toString();
      this.#echoed = [
        ['OpenStack-API-Version', `compute ${text}`],
        ['X-OpenStack-Nova-API-Version', text],
        ['Vary', 'OpenStack-API-Version'],
        ['Vary', 'X-OpenStack-Nova-API-Version'],
      ];
    }
    return this.#echoed;
  }
}

export const MIN_VERSION = new Microversion(2, 1);
export const MAX_VERSION = new Microversion(2, 104);
/** Images endpoints 1–4 answer 404 above this (§5.3). */
export const IMAGES_MAX_VERSION = new Microversion(2, 35);
/** Metadata endpoints 5–10 answer 404 above this (§5.3). */
export const METADATA_MAX_VERSION = new Microversion(2, 38);

/** 400 for a version string that is not `MajorNum.MinorNum`; its response carries no version headers (§5.2). */
export class MalformedVersionFault extends NovaFault {
  constructor(version: string) {
    super(400, `API Version String ${version} is of invalid format. Must be of format MajorNum.MinorNum.`);
  }
}

/** 406 for a well-formed version outside [MIN_VERSION, max]; its headers echo `requested` (§5.2). */
export class UnsupportedVersionFault extends NovaFault {
  readonly requested: Microversion;

  constructor(requested: Microversion, max: Microversion) {
    super(
      406,
      `Version ${requested} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${max}.`,
    );
    this.requested = requested;
  }
}

const VERSION_FORMAT = /^([1-9]\d*)\.([1-9]\d*|0)$/;

/** `X.Y` as Nova's APIVersionRequest reads it, or undefined when it is no version. */
export function parseMicroversion(text: string): Microversion | undefined {
  const match = VERSION_FORMAT.exec(text);
  return match === null ? undefined : new Microversion(BigInt(match[1] ?? 0), BigInt(match[2] ?? 0));
}

/**
 * The version a v2.1 request asks for (microversion_parse, then Nova's range check against the
 * release's ceiling). Throws MalformedVersionFault (400) or UnsupportedVersionFault (406).
 */
export function negotiateMicroversion(headers: Headers, max: Microversion = MAX_VERSION): Microversion {
  const requested =
    standardHeaderVersion(headers.get('OpenStack-API-Version')) ??
    legacyHeaderVersion(headers.get('X-OpenStack-Nova-API-Version'));
  if (requested === undefined) return MIN_VERSION;
  if (requested === 'latest') return max;
  // CPython (3.11, as Nova 26.2.2 runs) refuses to read a number of more than 4300 digits
  // (sys.int_info.default_max_str_digits): the ValueError of APIVersionRequest's int() reaches
  // only FaultWrapper, a 500 (measured: tests/hostile/requests.json, "microversion of 5000 digits").
  if (VERSION_FORMAT.test(requested) && /\d{4301}/.test(requested)) throw new ServerErredFault();
  const version = parseMicroversion(requested);
  if (version === undefined) throw new MalformedVersionFault(requested);
  if (version.compare(MIN_VERSION) < 0 || version.compare(max) > 0) {
    throw new UnsupportedVersionFault(version, max);
  }
  return version;
}

/** `OpenStack-API-Version: compute 2.35, placement 1.10`: the last compute entry; others are ignored. */
function standardHeaderVersion(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const entry of header.split(',').reverse()) {
    // Python's entry.strip().split(None, 1): an entry without a version is skipped.
    const match = /^(\S+)\s+(.+)$/s.exec(entry.trim());
    if (match?.[1]?.toLowerCase() === 'compute') return match[2]?.trim();
  }
  return undefined;
}

/** `X-OpenStack-Nova-API-Version: 2.35`: the last item of a comma list, even an empty one. */
function legacyHeaderVersion(header: string | null): string | undefined {
  return header?.split(',').at(-1)?.trim();
}

/** The response headers that echo the version in effect (§5.2), a list of the answer's own. */
export function versionHeaders(version: Microversion): Array<[string, string]> {
  return version.echoed.map(([name, value]) => [name, value]);
}

/** §5.3: an endpoint removed above `max` answers 404 'The resource could not be found.'. */
export function assertVersionAtMost(version: Microversion, max: Microversion): void {
  if (version.compare(max) > 0) throw notFound(RESOURCE_NOT_FOUND);
}
