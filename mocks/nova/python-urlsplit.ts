/**
 * Python's `urllib.parse.urlsplit` and `urlunsplit` as Debian 12's Python 3.11.2 has them
 * (urllib/parse.py), for the URLs Nova splits: its application URL, made from the Host header as
 * sent, for every image's bookmark link (nova/api/openstack/common.py
 * `remove_trailing_version_from_href`). urlsplit raises ValueError on brackets that do not pair up,
 * anything but an IPv6 address (or an IPvFuture) inside them, data between the bracket and the
 * port, and a non-ASCII netloc that NFKC turns into a delimiter.
 */

/** urlsplit's five parts. */
export interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

/** How many characters of `_WHATWG_C0_CONTROL_OR_SPACE` (U+0000 to U+0020) start the text. */
function leadingC0OrSpace(text: string): number {
  let count = 0;
  while (count < text.length && text.charCodeAt(count) <= 0x20) count++;
  return count;
}
/** `_UNSAFE_URL_BYTES_TO_REMOVE`, removed anywhere in the URL. */
const UNSAFE_BYTES = /[\t\r\n]/g;
const SCHEME = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
/** `uses_netloc`: the schemes urlunsplit writes `//` for, even with an empty netloc. */
const USES_NETLOC = new Set([
  '',
  'ftp',
  'http',
  'gopher',
  'nntp',
  'telnet',
  'imap',
  'wais',
  'file',
  'mms',
  'https',
  'shttp',
  'snews',
  'prospero',
  'rtsp',
  'rtspu',
  'rsync',
  'svn',
  'svn+ssh',
  'sftp',
  'nfs',
  'git',
  'git+ssh',
  'ws',
  'wss',
]);

/** `urlsplit(url)`, or undefined where it raises ValueError. */
export function urlsplit(text: string): SplitUrl | undefined {
  let url = text.slice(leadingC0OrSpace(text)).replace(UNSAFE_BYTES, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const colon = url.indexOf(':');
  if (colon > 0 && SCHEME.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    // `_splitnetloc(url, 2)`: up to the first `/`, `?` or `#`.
    const end = url.slice(2).search(/[/?#]/);
    netloc = end === -1 ? url.slice(2) : url.slice(2, end + 2);
    url = end === -1 ? '' : url.slice(end + 2);
    if (netloc.includes('[') !== netloc.includes(']')) return undefined;
    if (netloc.includes('[') && !bracketedNetlocIsValid(netloc)) return undefined;
  }
  const hash = url.indexOf('#');
  if (hash !== -1) [url, fragment] = [url.slice(0, hash), url.slice(hash + 1)];
  const question = url.indexOf('?');
  if (question !== -1) [url, query] = [url.slice(0, question), url.slice(question + 1)];
  if (!netlocSurvivesNfkc(netloc)) return undefined;
  return { scheme, netloc, path: url, query, fragment };
}

/** `urlunsplit(parts)`. */
export function urlunsplit({ scheme, netloc, path, query, fragment }: SplitUrl): string {
  let url = path;
  if (netloc !== '' || (scheme !== '' && USES_NETLOC.has(scheme) && !url.startsWith('//'))) {
    if (url !== '' && !url.startsWith('/')) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme !== '') url = `${scheme}:${url}`;
  if (query !== '') url = `${url}?${query}`;
  if (fragment !== '') url = `${url}#${fragment}`;
  return url;
}

/** `_check_bracketed_netloc`. */
function bracketedNetlocIsValid(netloc: string): boolean {
  const hostAndPort = netloc.slice(netloc.lastIndexOf('@') + 1);
  const bracket = hostAndPort.indexOf('[');
  let hostname: string;
  if (bracket === -1) {
    hostname = before(hostAndPort, ':');
  } else {
    if (bracket > 0) return false;
    const bracketed = hostAndPort.slice(1);
    const close = bracketed.indexOf(']');
    hostname = close === -1 ? bracketed : bracketed.slice(0, close);
    const port = close === -1 ? '' : bracketed.slice(close + 1);
    if (port !== '' && !port.startsWith(':')) return false;
  }
  return bracketedHostIsValid(hostname);
}

function before(text: string, separator: string): string {
  const index = text.indexOf(separator);
  return index === -1 ? text : text.slice(0, index);
}

/** `_check_bracketed_host`: an IPvFuture, or `ipaddress.ip_address` giving an IPv6 address. */
function bracketedHostIsValid(hostname: string): boolean {
  if (hostname.startsWith('v')) return /^v[a-fA-F0-9]+\..+$/s.test(hostname);
  // ipaddress `_split_scope_id`: a non-empty scope id after one `%`.
  const percent = hostname.indexOf('%');
  if (percent !== -1) {
    const scope = hostname.slice(percent + 1);
    if (scope === '' || scope.includes('%')) return false;
  }
  const address = percent === -1 ? hostname : hostname.slice(0, percent);
  return isIpv6(address);
}

/** The WHATWG URL parser's IPv6 grammar (RFC 4291 text forms, as ipaddress reads them). */
function isIpv6(address: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(address)) return false;
  try {
    new URL(`http://[${address}]/`);
    return true;
  } catch {
    return false;
  }
}

/** `_checknetloc`: a non-ASCII netloc that NFKC turns into one with a delimiter is refused. */
function netlocSurvivesNfkc(netloc: string): boolean {
  if (!/[^\p{ASCII}]/u.test(netloc)) return true;
  const kept = netloc.replace(/[@:#?]/g, '');
  const normalised = kept.normalize('NFKC');
  return normalised === kept || !/[/?#@:]/.test(normalised);
}
