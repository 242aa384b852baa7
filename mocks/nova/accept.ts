/**
 * WebOb's reading of an `Accept` header (behaviour spec §4.1, §2.4): media ranges with their q,
 * and the q an offer gets from its most specific matching range.
 */

export interface MediaRange {
  mediaType: string;
  /** Media type parameters (before `q`): WebOb then matches only offers with the same ones. */
  hasParams: boolean;
  q: number;
}

const QVALUE_PARAM = /^q=(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/i;

/** undefined for a header WebOb finds invalid (it then accepts every offer). */
export function parseAccept(accept: string): MediaRange[] | undefined {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    if (part.trim() === '') continue;
    const [media = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (!/^[^/\s]+\/[^/\s]+$/.test(media)) return undefined;
    const qIndex = params.findIndex((param) => /^q=/i.test(param));
    const qParam = qIndex === -1 ? 'q=1' : (params[qIndex] ?? '');
    if (!QVALUE_PARAM.test(qParam)) return undefined;
    const q = Number(qParam.slice(2));
    ranges.push({
      mediaType: media.toLowerCase(),
      hasParams: (qIndex === -1 ? params.length : qIndex) > 0,
      q,
    });
  }
  return ranges;
}

export function quality(offer: string, ranges: readonly MediaRange[]): number {
  const offerType = offer.split('/')[0];
  let best = { specificity: 0, q: 0 };
  for (const { mediaType, hasParams, q } of ranges) {
    const specificity =
      mediaType === offer && !hasParams
        ? 3
        : mediaType === `${offerType}/*`
          ? 2
          : mediaType === '*/*'
            ? 1
            : 0;
    if (specificity > best.specificity) best = { specificity, q };
  }
  return best.q;
}
