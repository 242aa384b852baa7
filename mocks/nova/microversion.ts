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

/** The highest minor version of 2.x any release serves (MAX_VERSION). */
const HIGHEST_MINOR = 104;

/**
 * Every version a request can be served at, `2.1` to `2.104` by their text, one instance each: a
 * request naming one gets the same instance, and so its echoed headers, as every other. A fixed
 * table, so that no header a client sends makes it grow: any other text is parsed anew.
 */
const KNOWN_VERSIONS: ReadonlyMap<string, Microversion> = new Map(
  Array.from({ length: HIGHEST_MINOR }, (_, index): [string, Microversion] => [
    `2.${index + 1}`,
    new Microversion(2, index + 1),
  ]),
);

function knownVersion(minor: number): Microversion {
  return KNOWN_VERSIONS.get(`2.${minor}`) as Microversion;
}

export const MIN_VERSION = knownVersion(1);
export const MAX_VERSION = knownVersion(HIGHEST_MINOR);
/** Images endpoints 1–4 answer 404 above this (§5.3). */
export const IMAGES_MAX_VERSION = knownVersion(35);
/** Metadata endpoints 5–10 answer 404 above this (§5.3). */
export const METADATA_MAX_VERSION = knownVersion(38);

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

/**
 * `X.Y` as Nova's APIVersionRequest reads it, or undefined when it is no version. A version the
 * mock can serve is the shared instance of KNOWN_VERSIONS (the format allows no other spelling of
 * it: no leading zeros).
 */
export function parseMicroversion(text: string): Microversion | undefined {
  const known = KNOWN_VERSIONS.get(text);
  if (known !== undefined) return known;
  const match = VERSION_FORMAT.exec(text);
  return match === null ? undefined : new Microversion(BigInt(match[1] ?? 0), BigInt(match[2] ?? 0));
}

/**
 * The version a v2.1 request asks for (microversion_parse, then Nova's range check against the
 * release's ceiling). Throws MalformedVersionFault (400) or UnsupportedVersionFault (406).
 */
export function negotiateMicroversion(
  headers: Pick<Headers, 'get'>,
  max: Microversion = MAX_VERSION,
): Microversion {
  const requested =
    standardHeaderVersion(headers.get('OpenStack-API-Version')) ??
    legacyHeaderVersion(headers.get('X-OpenStack-Nova-API-Version'));
  if (requested === undefined) return MIN_VERSION;
  if (requested === 'latest') return max;
  const version = parseMicroversion(requested);
  if (version === undefined) throw new MalformedVersionFault(requested);
  // CPython (3.11, as Nova 26.2.2 runs) refuses to read a number of more than 4300 digits
  // (sys.int_info.default_max_str_digits): the ValueError of APIVersionRequest's int() reaches
  // only FaultWrapper, a 500 (measured: tests/hostile/requests.json, "microversion of 5000 digits").
  // The two numbers' lengths, read around the one dot the format has: /\d{4301}/ was tried from
  // each digit, 0.1–0.3 s of CPU for `4300 digits.4300 digits`.
  const dot = requested.indexOf('.');
  if (dot > 4300 || requested.length - dot - 1 > 4300) throw new ServerErredFault();
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
