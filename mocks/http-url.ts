/** Checks a configured base URL (`publicUrl`, `glanceUrl`): links are built on it, so it must be absolute http(s). */
export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol, host } = new URL(text);
  return (protocol === 'http:' || protocol === 'https:') && host !== '';
}

/** The URL without trailing slashes; a TypeError naming the option when it is not an absolute http(s) URL. */
export function baseUrlOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isHttpUrl(value)) throw new TypeError(`${name} must be an absolute http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}
