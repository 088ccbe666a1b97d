import { describe, expect, it } from 'vitest';
import { describeServer, isPostgresUrl, parsePostgresUrl, quoteIdentifier } from './postgres-url.ts';

describe('parsePostgresUrl', () => {
  it('splits a URL into separate connection fields', () => {
    expect(parsePostgresUrl('postgresql://app:s%40cret@db.example:6543/shop?schema=billing&connect_timeout=5')).toEqual(
      {
        host: 'db.example',
        port: 6543,
        user: 'app',
        password: 's@cret',
        database: 'shop',
        schema: 'billing',
        connectionTimeoutMillis: 5000,
      },
    );
  });

  it('defaults the database, takes a socket directory from ?host= and maps sslmode', () => {
    expect(parsePostgresUrl('postgres://postgres@localhost/?host=/var/run/postgresql')).toEqual({
      host: '/var/run/postgresql',
      user: 'postgres',
      database: 'postgres',
    });
    expect(parsePostgresUrl('postgres://h/db?sslmode=require').ssl).toEqual({ rejectUnauthorized: false });
    expect(parsePostgresUrl('postgres://h/db?sslmode=verify-full').ssl).toEqual({ rejectUnauthorized: true });
    expect(parsePostgresUrl('postgres://h/db?sslmode=disable').ssl).toBe(false);
  });

  it('refuses other databases', () => {
    expect(() => parsePostgresUrl('file:./dev.db')).toThrow(/only postgres:\/\/ and postgresql:\/\//);
    expect(isPostgresUrl('mysql://h/db')).toBe(false);
    expect(isPostgresUrl('postgresql://h/db')).toBe(true);
  });
});

describe('helpers', () => {
  it('describes the server without credentials and quotes identifiers', () => {
    expect(describeServer(parsePostgresUrl('postgresql://u:p@127.0.0.1/db'))).toBe('127.0.0.1:5432');
    expect(quoteIdentifier('odd"name')).toBe('"odd""name"');
  });
});
