/**
 * Nova's outermost WSGI app, nova/api/openstack/urlmap.py `URLMap.__call__`, reads the Accept
 * header with its own parser before anything else runs, unless the path ends in `.json`
 * (`_path_strategy` then has the media type): `parse_options_header` takes the first `;name`
 * piece of each comma-separated item with `next()`, so an item without one (`;`, `;;`, `=x`)
 * raises StopIteration, which eventlet answers with a bare 500 and a closed connection
 * (measured on Nova 26.2.2: `Accept: ;;;,,,q=x`, ` ; `, `text/html,;` are 500s; `a=b`, `,,,`,
 * `"a;b"` are not).
 */

/** `_option_header_piece_re`'s first group: a token or a quoted string after a `;`. */
const OPTION_PIECE = /;\s*(?:[^\s;=]|"(?:[^"\\]|\\.)*")/;

/** eventlet's answer to an exception in the app before it started a response. */
export function urlMapFailure(): Response {
  return new Response('', {
    status: 500,
    statusText: 'Internal Server Error',
    headers: { 'content-type': 'text/plain', connection: 'close' },
  });
}

/** True when URLMap's Accept parser raises for this request. */
export function urlMapFails(accept: string | null, path: string): boolean {
  if (accept === null || /\.json$/.test(path)) return false;
  return httpListItems(accept).some((item) => item !== '' && !OPTION_PIECE.test(`;${unquoted(item)}`));
}

/** urllib.request `parse_http_list`: comma-separated items, commas inside quotes kept, stripped. */
function httpListItems(value: string): string[] {
  const items: string[] = [];
  let part = '';
  let quoted = false;
  let escaped = false;
  for (const char of value) {
    if (escaped) {
      part += char;
      escaped = false;
    } else if (quoted && char === '\\') {
      escaped = true;
    } else if (!quoted && char === ',') {
      items.push(part);
      part = '';
    } else {
      if (char === '"') quoted = !quoted;
      part += char;
    }
  }
  if (part !== '') items.push(part);
  return items.map((item) => item.trim());
}

/** `parse_list_header` drops the quotes around a whole item, and `unquote_header_value` again. */
function unquoted(item: string): string {
  let value = item;
  for (let round = 0; round < 2; round++) {
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  }
  return value;
}
