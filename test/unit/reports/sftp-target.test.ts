import { generateKeyPairSync } from 'node:crypto';
import { parseSftpTarget, sftpTargetSchema } from '../../../platform/sftp/sftp-target.js';

const FINGERPRINT = 'SHA256:3I5Dm9mfa6K475enQz51kSstZBeYS0ALQz5vU4Y7DR4';
const PKCS8 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const PKCS1 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
  type: 'pkcs1',
  format: 'pem',
}) as string;
const SEC1 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  type: 'sec1',
  format: 'pem',
}) as string;
/** OpenSSH's own form, as ssh-keygen writes it (its body is not read here). */
const OPENSSH = `-----BEGIN OPENSSH PRIVATE KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAA'.padEnd(70, 'A')}\n-----END OPENSSH PRIVATE KEY-----\n`;

const target = {
  host: 'sftp.finance.example.com',
  username: 'oi-reports',
  directory: '/incoming/oi-payments',
  privateKey: OPENSSH,
  hostKeySha256: FINGERPRINT,
};

/** The fields a parse refuses, by path. */
function refused(input: unknown): string[] {
  const result = sftpTargetSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('an SFTP target from an API request', () => {
  it('takes a key-authenticated target, on port 22 when none is given', () => {
    expect(parseSftpTarget(target)).toEqual({ ...target, port: 22 });
    expect(parseSftpTarget({ ...target, port: 2222 }).port).toBe(2222);
  });

  it("takes private keys in the forms ssh2 reads (OpenSSH's, PKCS#1, SEC1), not PKCS#8 or a public key", () => {
    for (const privateKey of [OPENSSH, PKCS1, SEC1]) expect(refused({ ...target, privateKey })).toEqual([]);
    for (const privateKey of [
      PKCS8,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 a public key',
      PKCS1.replace('END RSA PRIVATE', 'END EC PRIVATE'),
    ]) {
      expect(refused({ ...target, privateKey })).toEqual(['privateKey']);
    }
  });

  it('takes a password instead of a key, and refuses both or neither', () => {
    const { privateKey: _key, ...withoutKey } = target;
    expect(parseSftpTarget({ ...withoutKey, password: 'correct horse' })).toMatchObject({
      password: 'correct horse',
    });
    expect(refused({ ...target, password: 'correct horse' })).toEqual(['privateKey']);
    expect(refused(withoutKey)).toEqual(['privateKey']);
  });

  it('refuses a port outside 1–65535 or not a whole number', () => {
    for (const port of [0, 65536, -22, 22.5, '22']) expect(refused({ ...target, port })).toEqual(['port']);
    expect(refused({ ...target, port: 1 })).toEqual([]);
    expect(refused({ ...target, port: 65535 })).toEqual([]);
  });

  it('takes host names and IP addresses, nothing else', () => {
    for (const host of ['sftp', '10.20.30.40', '::1', 'fd00::10'])
      expect(refused({ ...target, host })).toEqual([]);
    for (const host of ['', 'sftp host', 'sftp.example.com/incoming', 'user@sftp.example.com', 'sftp:22']) {
      expect(refused({ ...target, host })).toEqual(['host']);
    }
  });

  it('wants an absolute directory that does not climb out with ".."', () => {
    expect(refused({ ...target, directory: '/' })).toEqual([]);
    for (const directory of [
      '',
      'incoming',
      './incoming',
      '/incoming/../etc',
      '/incoming/..',
      '/in\ncoming',
    ]) {
      expect(refused({ ...target, directory })).toEqual(['directory']);
    }
  });

  it('wants the host key as an OpenSSH SHA256 fingerprint', () => {
    for (const hostKeySha256 of [
      '',
      `${FINGERPRINT}=`,
      FINGERPRINT.slice('SHA256:'.length),
      FINGERPRINT.slice(0, -1),
      'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48',
    ]) {
      expect(refused({ ...target, hostKeySha256 })).toEqual(['hostKeySha256']);
    }
    const { hostKeySha256: _pin, ...unpinned } = target;
    expect(refused(unpinned)).toEqual(['hostKeySha256']);
  });

  it('refuses an empty user name and fields it does not know', () => {
    expect(refused({ ...target, username: '' })).toEqual(['username']);
    expect(refused({ ...target, knownHosts: 'trust-on-first-use' })).toEqual(['']);
  });

  it('throws, naming the field, from parseSftpTarget', () => {
    expect(() => parseSftpTarget({ ...target, directory: 'incoming' })).toThrow(/directory[\s\S]*absolute/);
  });
});
