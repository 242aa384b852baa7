import { describe, expect, it } from 'vitest';
import { NovaFault } from './faults.ts';
import {
  assertVersionAtMost,
  IMAGES_MAX_VERSION,
  MAX_VERSION,
  MalformedVersionFault,
  METADATA_MAX_VERSION,
  MIN_VERSION,
  Microversion,
  negotiateMicroversion,
  UnsupportedVersionFault,
  versionHeaders,
} from './microversion.ts';

const negotiate = (init: Record<string, string>) => String(negotiateMicroversion(new Headers(init)));
const legacy = (value: string) => negotiate({ 'X-OpenStack-Nova-API-Version': value });
const standard = (value: string) => negotiate({ 'OpenStack-API-Version': value });

function thrown(init: Record<string, string>): unknown {
  try {
    negotiateMicroversion(new Headers(init));
  } catch (error) {
    return error;
  }
  throw new Error('expected a fault');
}

describe('negotiateMicroversion (§5.1)', () => {
  it('defaults to 2.1', () => {
    expect(negotiate({})).toBe('2.1');
  });

  it.each(['2.35', '2.36', '2.1', '2.104'])('accepts %s from either header', (value) => {
    expect(standard(`compute ${value}`)).toBe(value);
    expect(legacy(value)).toBe(value);
  });

  it('maps latest to the maximum', () => {
    expect(standard('compute latest')).toBe('2.104');
    expect(legacy('latest')).toBe('2.104');
  });

  it.each(['2.1.3', '2.01', '2', 'abc', 'LATEST', '', ' 2.35 extra'])('refuses %j with a 400', (value) => {
    const error = thrown({ 'X-OpenStack-Nova-API-Version': value });
    expect(error).toBeInstanceOf(MalformedVersionFault);
    expect((error as NovaFault).status).toBe(400);
    expect((error as NovaFault).message).toBe(
      `API Version String ${value.trim()} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  });

  it('names the version of the standard header in the 400', () => {
    expect((thrown({ 'OpenStack-API-Version': 'compute 2.1.3' }) as NovaFault).message).toBe(
      'API Version String 2.1.3 is of invalid format. Must be of format MajorNum.MinorNum.',
    );
  });

  it.each([
    ['3.0', 'Version 3.0 is not supported by the API. Minimum is 2.1 and maximum is 2.104.'],
    ['2.0', 'Version 2.0 is not supported by the API. Minimum is 2.1 and maximum is 2.104.'],
    ['2.105', 'Version 2.105 is not supported by the API. Minimum is 2.1 and maximum is 2.104.'],
  ])('refuses %s with a 406 computeFault that keeps the requested version', (value, message) => {
    const error = thrown({ 'OpenStack-API-Version': `compute ${value}` });
    expect(error).toBeInstanceOf(UnsupportedVersionFault);
    const fault = error as UnsupportedVersionFault;
    expect(fault.toJSON()).toEqual({ computeFault: { code: 406, message } });
    expect(String(fault.requested)).toBe(value);
  });

  it("answers CPython's 500 for a number of more than 4300 digits, and only then (sys.int_info.default_max_str_digits)", () => {
    const digits = (count: number) => '9'.repeat(count);
    for (const value of [`2.${digits(4301)}`, `${digits(4301)}.1`, `${digits(4300)}.${digits(4301)}`])
      expect((thrown({ 'OpenStack-API-Version': `compute ${value}` }) as NovaFault).status).toBe(500);
    for (const value of [`2.${digits(4300)}`, `${digits(4300)}.${digits(4300)}`])
      expect(thrown({ 'OpenStack-API-Version': `compute ${value}` })).toBeInstanceOf(UnsupportedVersionFault);
  });

  it('prefers the standard header over the legacy one', () => {
    expect(
      negotiate({ 'OpenStack-API-Version': 'compute 2.20', 'X-OpenStack-Nova-API-Version': '2.30' }),
    ).toBe('2.20');
  });

  it('falls back to the legacy header when the standard one has no compute entry', () => {
    expect(
      negotiate({ 'OpenStack-API-Version': 'placement 1.10', 'X-OpenStack-Nova-API-Version': '2.30' }),
    ).toBe('2.30');
    expect(standard('placement 1.10')).toBe('2.1');
  });

  it('uses the last compute entry, whatever the case and spacing', () => {
    expect(standard('compute 2.35, compute 2.20')).toBe('2.20');
    expect(standard('  COMPUTE   2.30 ,placement 1.10,  ,volume')).toBe('2.30');
    expect(standard('compute 2.35, compute')).toBe('2.35');
  });

  it('uses the last item of a legacy comma list', () => {
    expect(legacy('2.10, 2.25')).toBe('2.25');
  });
});

describe('negotiateMicroversion: one instance per version served', () => {
  const asked = (value: string, max?: Microversion) =>
    negotiateMicroversion(new Headers({ 'OpenStack-API-Version': `compute ${value}` }), max);

  it('gives every request naming a version the mock serves the same instance and echoed headers', () => {
    for (const value of ['2.1', '2.35', '2.104']) {
      const first = asked(value);
      const again = negotiateMicroversion(new Headers({ 'X-OpenStack-Nova-API-Version': value }));
      expect(again).toBe(first);
      expect(again.echoed).toBe(first.echoed);
      expect(first.echoed).toEqual(versionHeaders(new Microversion(2, Number(value.slice(2)))));
    }
    expect(asked('2.1')).toBe(MIN_VERSION);
    expect(asked('2.104')).toBe(MAX_VERSION);
    expect(asked('latest')).toBe(MAX_VERSION);
  });

  it('keeps no instance of a version it refuses, so no client grows what it keeps', () => {
    for (const value of ['2.105', '3.0', `2.${'9'.repeat(40)}`]) {
      const refused = () =>
        (thrown({ 'X-OpenStack-Nova-API-Version': value }) as UnsupportedVersionFault).requested;
      const first = refused();
      const again = refused();
      expect(String(again)).toBe(value);
      expect(again).not.toBe(first);
    }
  });

  it('still refuses a served version above a lowered ceiling, echoing it', () => {
    const ceiling = new Microversion(2, 35);
    expect(asked('2.35', ceiling)).toBe(IMAGES_MAX_VERSION);
    expect(() => asked('2.36', ceiling)).toThrow('Minimum is 2.1 and maximum is 2.35.');
  });
});

describe('versionHeaders (§5.2)', () => {
  it('echoes the version, with two separate Vary headers', () => {
    expect(versionHeaders(new Microversion(2, 35))).toEqual([
      ['OpenStack-API-Version', 'compute 2.35'],
      ['X-OpenStack-Nova-API-Version', '2.35'],
      ['Vary', 'OpenStack-API-Version'],
      ['Vary', 'X-OpenStack-Nova-API-Version'],
    ]);
  });
});

describe('Microversion', () => {
  it('compares numerically', () => {
    expect(new Microversion(2, 9).compare(new Microversion(2, 10))).toBeLessThan(0);
    expect(new Microversion(3, 0).compare(MAX_VERSION)).toBeGreaterThan(0);
    expect(MIN_VERSION.compare(new Microversion(2, 1))).toBe(0);
    expect(String(MIN_VERSION)).toBe('2.1');
    expect(String(MAX_VERSION)).toBe('2.104');
  });
});

describe('assertVersionAtMost (§5.3)', () => {
  it('lets images through up to 2.35 and metadata up to 2.38', () => {
    expect(() => assertVersionAtMost(new Microversion(2, 35), IMAGES_MAX_VERSION)).not.toThrow();
    expect(() => assertVersionAtMost(new Microversion(2, 38), METADATA_MAX_VERSION)).not.toThrow();
  });

  it('answers 404 above the ceiling', () => {
    for (const [version, max] of [
      [new Microversion(2, 36), IMAGES_MAX_VERSION],
      [new Microversion(2, 39), METADATA_MAX_VERSION],
    ] as const) {
      let fault: unknown;
      try {
        assertVersionAtMost(version, max);
      } catch (error) {
        fault = error;
      }
      expect(fault).toBeInstanceOf(NovaFault);
      expect((fault as NovaFault).toJSON()).toEqual({
        itemNotFound: { code: 404, message: 'The resource could not be found.' },
      });
    }
  });
});
