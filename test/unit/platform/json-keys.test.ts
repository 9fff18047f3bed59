import fc from 'fast-check';
import { duplicateJsonKey } from '../../../domain/shared/json-keys.js';

describe('duplicate keys in a JSON text', () => {
  it('finds a key given twice in one object, at any depth', () => {
    expect(duplicateJsonKey('{"amountMinor":100,"amountMinor":1}')).toBe('amountMinor');
    expect(duplicateJsonKey('{"a":{"b":1,"c":[{"d":1,"d":2}]}}')).toBe('d');
    expect(duplicateJsonKey('{"a\\u0062":1,"ab":2}')).toBe('ab');
  });

  it('lets the same key stand in different objects, and keys in values and strings', () => {
    expect(duplicateJsonKey('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toBeNull();
    expect(duplicateJsonKey('{"a":"\\"a\\":1,","b":"{\\"a\\":2}"}')).toBeNull();
    expect(duplicateJsonKey('[1,"a",{"a":1}]')).toBeNull();
    expect(duplicateJsonKey('"just a string"')).toBeNull();
  });

  it('never reports a duplicate in what JSON.stringify wrote', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(duplicateJsonKey(JSON.stringify(value))).toBeNull();
      }),
    );
  });
});
