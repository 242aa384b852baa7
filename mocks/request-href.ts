/**
 * The URL of a request the standalone server received, as a WHATWG `URL` would write it, without
 * parsing one for the common request: a URL parse (and its object) was a twentieth of a show's
 * time. A target of plain characters (RFC 3986 unreserved and sub-delims, `:`, `@`, `/`; `%` in
 * the query only) with no dot segment, under a Host the URL parser leaves as it is, is written
 * unchanged by the parser; anything else is parsed.
 */

/** A path the URL parser leaves as it is: plain characters, then a query that may hold `%`. */
const PLAIN_TARGET = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/]*(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*)?$/;
/** A `.` or `..` segment, which the parser resolves. */
const DOT_SEGMENT = /\/\.\.?(?:\/|\?|$)/;

/**
 * The Host last seen and whether `http://<host>/` parses to itself with no credentials in it (a
 * Request refuses those: http-request.ts `requestUrl`): clients send the same one every time.
 */
let lastHost: { host: string; canonical: boolean } | undefined;

function canonicalHost(host: string): boolean {
  if (lastHost?.host !== host) {
    let canonical = false;
    try {
      const url = new URL(`http://${host}/`);
      canonical = url.href === `http://${host}/` && url.username === '' && url.password === '';
    } catch {
      // Not a host at all: parsed (and refused) like any other.
    }
    lastHost = { host, canonical };
  }
  return lastHost.canonical;
}

/**
 * `http://<host><target>` as a parsed URL's `href` has it, when that is the same text; undefined
 * when the URL must be parsed to say.
 */
export function plainHref(host: string, target: string): string | undefined {
  if (!PLAIN_TARGET.test(target) || DOT_SEGMENT.test(target) || !canonicalHost(host)) return undefined;
  return `http://${host}${target}`;
}
