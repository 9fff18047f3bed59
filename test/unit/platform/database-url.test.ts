import { ConfigError, loadConfig } from '../../../platform/config/index.js';
import { parseDatabaseUrl } from '../../../platform/orm/connection-url.js';
import { developmentStackEnv } from '../../helpers/config-env.js';

describe('DATABASE_URL', () => {
  it('reads a TCP URL, decoding what the URL had to escape', () => {
    expect(parseDatabaseUrl('postgres://pay:p%40ss@db.internal:6432/oi_payments')).toEqual({
      host: 'db.internal',
      port: 6432,
      user: 'pay',
      password: 'p@ss',
      dbName: 'oi_payments',
    });
  });

  it.each([
    ['postgresql:///oi?host=/var/run/postgresql', '/var/run/postgresql'],
    ['postgresql://pay@%2Fvar%2Frun%2Fpostgresql/oi', '/var/run/postgresql'],
    ['socket:/var/run/postgresql?db=oi', '/var/run/postgresql'],
  ])('reads the Unix-socket form %s', (url, socketDir) => {
    expect(parseDatabaseUrl(url)).toMatchObject({ host: socketDir, dbName: 'oi' });
  });

  it('leaves what the URL omits to the driver (PGHOST, port 5432)', () => {
    expect(parseDatabaseUrl('postgres://pay@/oi')).toEqual({ user: 'pay', dbName: 'oi' });
  });

  it('hands an IPv6 address to the driver without its brackets', () => {
    expect(parseDatabaseUrl('postgres://pay@[::1]:5432/oi')).toMatchObject({ host: '::1', port: 5432 });
  });

  it('keeps the TLS the URL asks for', () => {
    expect(parseDatabaseUrl('postgres://pay@db/oi?sslmode=disable')).toMatchObject({ ssl: false });
    expect(parseDatabaseUrl('postgres://pay@db/oi?sslmode=verify-full').ssl).toBeTruthy();
  });

  it.each([
    ['garbage', /expected postgres:\/\//],
    ['mysql://db/oi', /expected postgres:\/\//],
    ['postgres://pay@db:99999/oi', /cannot be read/],
    ['postgres://pay@db', /names no database/],
    ['postgres://pay@db:0/oi', /not a port number/],
  ])('refuses %s', (url, reason) => {
    expect(() => parseDatabaseUrl(url)).toThrow(reason);
  });

  it('a URL the driver cannot use stops start-up with a configuration error naming DATABASE_URL', () => {
    for (const url of ['garbage', 'postgres://pay@db:99999/oi', 'postgres://pay@db']) {
      expect(() => loadConfig({ ...developmentStackEnv, DATABASE_URL: url })).toThrow(ConfigError);
      expect(() => loadConfig({ ...developmentStackEnv, DATABASE_URL: url })).toThrow(/DATABASE_URL: /);
    }
  });

  it('a Unix-socket URL is a valid setting', () => {
    expect(
      loadConfig({ ...developmentStackEnv, DATABASE_URL: 'postgresql:///oi?host=/var/run/postgresql' })
        .DATABASE_URL,
    ).toBe('postgresql:///oi?host=/var/run/postgresql');
  });
});
