/**
 * Glance's database layer refuses characters beyond the Basic Multilingual Plane in property
 * names and values (glance/common/utils.py `no_4byte_params`, on `_image_update` and
 * `_set_properties_for_image` in glance/db/sqlalchemy/api.py): a MySQL `utf8` column holds only
 * three bytes a character. Glance answers 400 with the message; Nova, which does not expect it,
 * a 500 naming ImageBadRequest (measured: tests/conformance bodies `metadata bodies`, a value of
 * `é😀`).
 */
import type { ImageRecord } from '../types.ts';
import { GlanceError } from './errors.ts';

const BEYOND_BMP = /[\u{10000}-\u{10FFFF}]/u;

/** Python's `str.title()` for the message: each run of letters capitalised, the rest lower. */
function pyTitle(text: string): string {
  return text.replace(/\p{L}+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}

/**
 * Throws GlanceError('fourByteUnicode') with Glance's message for the first offending value, in
 * the order Glance's `_check_dict` meets them: the name, then each property's name and value.
 */
export function assertNoFourByteUnicode(image: Readonly<ImageRecord>): void {
  if (image.name !== null && BEYOND_BMP.test(image.name))
    throw new GlanceError('fourByteUnicode', "Name can't contain 4 byte unicode characters.");
  for (const [key, value] of Object.entries(image.properties)) {
    if (BEYOND_BMP.test(key))
      throw new GlanceError('fourByteUnicode', "Property names can't contain 4 byte unicode.");
    if (value !== null && BEYOND_BMP.test(value)) {
      throw new GlanceError('fourByteUnicode', `${pyTitle(key)} can't contain 4 byte unicode characters.`);
    }
  }
}
