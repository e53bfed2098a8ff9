import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';

import { entityTagOf, ifMatchAdmits, parseIfMatch } from './entity-tag.js';

describe(parseIfMatch.name, () => {
  it('should read *, lists, empty list elements and commas inside a tag', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch(' * ')).toBe('*');
    expect(parseIfMatch('"3"')).toEqual(['"3"']);
    expect(parseIfMatch(' , "1",\t"a,b" ,')).toEqual(['"1"', '"a,b"']);
    expect(parseIfMatch('')).toEqual([]);
  });

  it('should leave weak tags out: If-Match compares strongly', () => {
    expect(parseIfMatch('W/"2", "3"')).toEqual(['"3"']);
    expect(ifMatchAdmits(parseIfMatch('W/"2"') ?? [], 2)).toBe(false);
  });

  it.each(['3', '"3', 'W/3', '"3" "4"', '*, "3"', '"a"b"'])(
    'should refuse %j with 400',
    (value) => {
      expect(() => parseIfMatch(value)).toThrow(BadRequestException);
    },
  );
});

describe(ifMatchAdmits.name, () => {
  it('should admit * and the exact tag of the revision only', () => {
    expect(ifMatchAdmits('*', 0)).toBe(true);
    expect(ifMatchAdmits([entityTagOf(12)], 12)).toBe(true);
    expect(ifMatchAdmits(['"012"', '"1"'], 12)).toBe(false);
  });
});
