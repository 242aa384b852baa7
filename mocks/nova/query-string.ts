/**
 * The query string as Nova reads it: WebOb's `Request.GET` (webob/compat.py `parse_qsl_text`) over
 * the target's bytes as eventlet hands them over (latin-1). `+` is a space, pairs are split at `&`
 * and at `;` (measured: `?limit=1;marker=x` looks marker `x` up), empty pairs are dropped, and each
 * name and value is percent-decoded, then decoded as UTF-8 strictly: a query that is no UTF-8
 * raises UnicodeDecodeError whenever a controller first reads it.
 */

export interface NovaQuery {
  params: URLSearchParams;
  /** False when some name or value is no UTF-8 (the params then hold U+FFFD). */
  utf8: boolean;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
const encoder = new TextEncoder();
/** A `%` or a character beyond ASCII: anything else decodes to itself. */
const NEEDS_DECODING = /[%\u0080-\uffff]/;

/** Python's `unquote_to_bytes` of a latin-1 text; a character beyond latin-1 (never from a socket) as UTF-8. */
function unquoteToBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(index + 1, index + 3))) {
      bytes.push(Number.parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (code <= 0xff) bytes.push(code);
    else bytes.push(...encoder.encode(text[index]));
  }
  return Uint8Array.from(bytes);
}

/** A name or value decoded, or undefined when it is no UTF-8. */
function strictlyDecoded(text: string): string | undefined {
  if (!NEEDS_DECODING.test(text)) return text;
  try {
    return strict.decode(unquoteToBytes(text));
  } catch {
    return undefined;
  }
}

export function novaQuery(raw: string): NovaQuery {
  const params = new URLSearchParams();
  if (raw === '') return { params, utf8: true };
  let utf8 = true;
  for (const pair of raw.replace(/\+/g, ' ').split(/[&;]/)) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    const decodedName = strictlyDecoded(name);
    const decodedValue = strictlyDecoded(value);
    if (decodedName === undefined || decodedValue === undefined) utf8 = false;
    params.append(
      decodedName ?? lenient.decode(unquoteToBytes(name)),
      decodedValue ?? lenient.decode(unquoteToBytes(value)),
    );
  }
  return { params, utf8 };
}
