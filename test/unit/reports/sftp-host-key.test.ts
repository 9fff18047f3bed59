import {
  fingerprintOfKeyBlob,
  HOST_KEY_SHA256,
  hostKeyFingerprint,
} from '../../../platform/sftp/host-key.js';

/** Public key lines and the fingerprints `ssh-keygen -l -E sha256 -f <key>.pub` printed for them. */
const KEYS = [
  {
    line: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDTDP5yKLn+rUTPoHeGU2SoXA3jJByGI0d5G3pZ9yOlW fixture',
    fingerprint: 'SHA256:3I5Dm9mfa6K475enQz51kSstZBeYS0ALQz5vU4Y7DR4',
  },
  {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCa/ukPstBZ1/xOStaq0FEff2z9yDXMKwNfX/VZTk32xFPqkL6p2YdB016AzZ3CNO493ZF6xW/2dXjfvOpA0KvUgF2x+eny2eBW2anUGGM3lfX/3O0JHAnAq5LCD38Y2qpEFfhjkJdKn79PDt1R+vNUunzdZprkcj7NK4wCTraeT9VZvndEZAWsRM7CuTJ3ihpyn/NFx3F8lUkcW3RmMoHY8/NzTouBH3LEn4EFYuKloQLhhKP1WgwA4yux7Rw0yHwjCV1hEHN3n9CeXJdAnZ8qwEKTwodwA4LnuxKr9/s7V1L1Pwdsj/6xbWABP1Jdrp9FVNyjOY67t0szGv+bU9yn fixture-rsa',
    fingerprint: 'SHA256:vWyUm3XGQUfNzIQpRYA8MwuQEvT1EOnFEYsKHdcSKQM',
  },
  {
    line: 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBCWwTpc/NK+cAvYOn8mSR0fZLs9a7wpG0BWdwN8JP82L3NQQ7IebmWEWidzYxIGBsmb3AnvIPWQPiM43LDZJqmk= e',
    fingerprint: 'SHA256:fvDEG3wNjpkLRkIHEoRNdg//Mx1Oyr3uYVjmKP96I2I',
  },
];

describe("a host key's SHA256 fingerprint", () => {
  it.each(KEYS)('is the one ssh-keygen prints ($fingerprint)', ({ line, fingerprint }) => {
    expect(hostKeyFingerprint(line)).toBe(fingerprint);
    expect(fingerprint).toMatch(HOST_KEY_SHA256);
  });

  it('reads a line without its comment, or with spaces around it, the same', () => {
    const [type, data] = KEYS[0]!.line.split(' ');
    expect(hostKeyFingerprint(`${type} ${data}`)).toBe(KEYS[0]!.fingerprint);
    expect(hostKeyFingerprint(`  ${type}\t${data}  a comment \n`)).toBe(KEYS[0]!.fingerprint);
  });

  it("hashes the key's wire form, the base64 field decoded", () => {
    const data = KEYS[0]!.line.split(' ')[1]!;
    expect(fingerprintOfKeyBlob(Buffer.from(data, 'base64'))).toBe(KEYS[0]!.fingerprint);
  });

  it('refuses a line that is not a whole public key, never pinning some other fingerprint', () => {
    const [, ed25519] = KEYS[0]!.line.split(' ');
    expect(() => hostKeyFingerprint('')).toThrow(/not an OpenSSH public key line/);
    expect(() => hostKeyFingerprint(ed25519!)).toThrow(/not an OpenSSH public key line/);
    expect(() => hostKeyFingerprint('ssh-ed25519 not*base64')).toThrow(/not an OpenSSH public key line/);
    // The line's type and the key's own disagree: two lines pasted together, or a type mistyped.
    expect(() => hostKeyFingerprint(`ssh-rsa ${ed25519}`)).toThrow(/not a ssh-rsa key/);
    expect(() => hostKeyFingerprint(`ssh-ed25519 ${ed25519!.slice(0, 12)}`)).toThrow(/not a ssh-ed25519 key/);
  });

  it('is written "SHA256:" and 43 base64 characters, without padding', () => {
    const { fingerprint } = KEYS[0]!;
    expect(`${fingerprint}=`).not.toMatch(HOST_KEY_SHA256);
    expect(fingerprint.slice(0, -1)).not.toMatch(HOST_KEY_SHA256);
    expect(fingerprint.replace('SHA256:', 'sha256:')).not.toMatch(HOST_KEY_SHA256);
    expect(fingerprint.replace('SHA256:', '')).not.toMatch(HOST_KEY_SHA256);
    expect('MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48').not.toMatch(HOST_KEY_SHA256);
  });
});
