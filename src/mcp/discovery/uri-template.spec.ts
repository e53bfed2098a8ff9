import { describe, expect, it } from 'vitest';

import { UriTemplate } from './uri-template.js';

describe(UriTemplate.name, () => {
  it('should extract the variables of a matching URI', () => {
    const sut = UriTemplate.parse('test://template/{id}/data');
    expect(sut.variables).toEqual(['id']);
    expect({ ...sut.match('test://template/123/data') }).toEqual({ id: '123' });
  });

  it('should handle several variables and a trailing variable', () => {
    const sut = UriTemplate.parse('db://{schema}.{table}/rows/{row}');
    expect({ ...sut.match('db://public.users/rows/42') }).toEqual({
      schema: 'public',
      table: 'users',
      row: '42',
    });
  });

  it('should percent-decode values', () => {
    const sut = UriTemplate.parse('info://user/{name}');
    expect(sut.match('info://user/J%C3%BCrgen%20K')?.['name']).toBe('Jürgen K');
  });

  it('should use the literal that ends the URI for the last variable', () => {
    const sut = UriTemplate.parse('file://docs/{name}.json');
    expect(sut.match('file://docs/a.json.json')?.['name']).toBe('a.json');
  });

  it.each([
    ['other://template/1/data'],
    ['test://template//data'],
    ['test://template/1/2/data'],
    ['test://template/1/data/extra'],
    ['test://template/1'],
    ['test://template/%E0%A4%A/data'],
    ['test://template/a?b/data'],
  ])('should not match %s', (uri) => {
    expect(UriTemplate.parse('test://template/{id}/data').match(uri)).toBeUndefined();
  });

  it.each([
    ['test://x/{id', 'unclosed'],
    ['test://x/id}', 'unmatched'],
    ['test://x/{}', 'level-1'],
    ['test://x/{+path}', 'level-1'],
    ['test://x/{a,b}', 'level-1'],
    ['test://x/{list*}', 'level-1'],
    ['test://x/{a}{b}', 'ambiguous'],
    ['test://x/{a}/{a}', 'repeated'],
    ['test://x/static', 'no {variable}'],
    ['{scheme}://x', 'scheme'],
    ['test://x /{a}', 'space'],
  ])('should reject the malformed template %s', (template, reason) => {
    expect(() => UriTemplate.parse(template)).toThrow(reason);
  });

  it('should match a 50 KB hostile URI in linear time', () => {
    const sut = UriTemplate.parse('test://{a}-{b}-{c}/x');
    const hostile = `test://${'-'.repeat(25_000)}${'a'.repeat(25_000)}`;
    const started = performance.now();
    for (let i = 0; i < 100; i++) sut.match(hostile);
    expect(sut.match(hostile)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('should not let a variable named __proto__ touch the prototype', () => {
    const values = UriTemplate.parse('test://{__proto__}').match('test://polluted');
    expect(values?.['__proto__']).toBe('polluted');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
