import { numberedPlaceholders } from '../../../platform/orm/prepared-sql.js';

describe('numbered placeholders for prepared statements', () => {
  it('numbers each ? in order, casts kept', () => {
    expect(numberedPlaceholders('select * from t where a = ? and b = ?::bigint limit ?')).toBe(
      'select * from t where a = $1 and b = $2::bigint limit $3',
    );
  });

  it('leaves quoted text alone', () => {
    expect(numberedPlaceholders(`select 'it''s', "col" from t where a = ?`)).toBe(
      `select 'it''s', "col" from t where a = $1`,
    );
  });

  it('refuses a ? it cannot place: inside quotes, or a jsonb operator', () => {
    expect(() => numberedPlaceholders(`select 'a?' from t where a = ?`)).toThrow(/inside quotes/);
    expect(() => numberedPlaceholders('select 1 from t where doc ?| array[?]')).toThrow(/operators/);
    expect(() => numberedPlaceholders('select 1 from t where doc ?? ?')).toThrow(/operators/);
  });
});
