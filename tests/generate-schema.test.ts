import { describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import type { LinkContext } from '../mocks/nova/links.ts';
import { renderImageDetail } from '../mocks/nova/views.ts';
import { SAMPLE_PROJECT } from './support/mock.ts';
import { assertNovaResponse } from './support/nova-schemas.ts';

const LINKS: LinkContext = {
  appUrl: 'http://127.0.0.1:8774/v2.1',
  projectSegment: SAMPLE_PROJECT,
  glanceUrl: 'http://glance.openstack.example.com',
};

describe('generated records rendered by the Nova views', () => {
  it.each([1, 2, 3, 4])('validate against images-detail.json (seed %i, 2500 records)', (seed) => {
    const records = generateDataset({ seed, count: 2500 });
    const images = records.map((record) => renderImageDetail(record, LINKS));
    expect(() => assertNovaResponse('images.detail', { images })).not.toThrow();
    expect(() => assertNovaResponse('images.show', { image: images.at(-1) })).not.toThrow();
    expect(images.some((image) => image.server !== undefined)).toBe(true);
    expect(new Set(images.map((image) => image.status))).toEqual(
      new Set(['ACTIVE', 'SAVING', 'ERROR', 'DELETED', 'UNKNOWN']),
    );
  });
});
