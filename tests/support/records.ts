/** Small hand-made datasets for tests: one record with sensible defaults, overridden per case. */
import { DEFAULT_PROJECT_ID } from '../../mocks/options.ts';
import type { ImageRecord } from '../../mocks/types.ts';

/** A deterministic UUID for test image number n. */
export const testImageId = (n: number): string => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export function testRecord(n: number, overrides: Partial<ImageRecord> = {}): ImageRecord {
  return {
    id: testImageId(n),
    name: `image-${n}`,
    status: 'active',
    visibility: 'public',
    owner: DEFAULT_PROJECT_ID,
    protected: false,
    os_hidden: false,
    min_ram: 0,
    min_disk: 0,
    size: 1024,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    properties: {},
    ...overrides,
  };
}

/** The project of `privateRecord`, and another one. */
export const OWN_PROJECT = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const OTHER_PROJECT = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

/** A private image of OWN_PROJECT, created and updated at 2011-01-01T01:02:03Z. */
export function privateRecord(n: number, overrides: Partial<ImageRecord> = {}): ImageRecord {
  const stamp = '2011-01-01T01:02:03Z';
  return testRecord(n, {
    visibility: 'private',
    owner: OWN_PROJECT,
    created_at: stamp,
    updated_at: stamp,
    ...overrides,
  });
}

/** A stopped clock, and the `updated_at` a write stamps with it. */
export const stoppedClock = (): Date => new Date('2024-05-06T07:08:09.123Z');
export const STOPPED_CLOCK_STAMP = '2024-05-06T07:08:09Z';
