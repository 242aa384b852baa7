/**
 * Whether Python's `urllib.parse.urlsplit` raises ValueError on a URL (Debian 12's Python 3.11,
 * urllib/parse.py `urlsplit`, `_check_bracketed_netloc`, `_check_bracketed_host`): brackets that
 * do not pair up, anything but an IPv6 address (or an IPvFuture) inside them, or data between the
 * bracket and the port. Nova splits its application URL, made from the Host header as sent, for
 * every image's bookmark link (nova/api/openstack/common.py `remove_trailing_version_from_href`).
 */
export function urlsplitRaises(url: string): boolean {
  const netloc = netlocOf(url);
  const open = netloc.includes('[');
  if (open !== netloc.includes(']')) return true;
  if (!open) return false;
  const hostAndPort = netloc.slice(netloc.lastIndexOf('@') + 1);
  const bracket = hostAndPort.indexOf('[');
  let hostname: string;
  if (bracket === -1) {
    hostname = before(hostAndPort, ':');
  } else {
    if (bracket > 0) return true;
    const bracketed = hostAndPort.slice(1);
    const close = bracketed.indexOf(']');
    hostname = close === -1 ? bracketed : bracketed.slice(0, close);
    const port = close === -1 ? '' : bracketed.slice(close + 1);
    if (port !== '' && !port.startsWith(':')) return true;
  }
  return !bracketedHostIsValid(hostname);
}

/** `_splitnetloc(url, 2)` after the scheme: up to the first `/`, `?` or `#`. */
function netlocOf(url: string): string {
  const start = url.indexOf('//');
  if (start === -1) return '';
  const rest = url.slice(start + 2);
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
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
