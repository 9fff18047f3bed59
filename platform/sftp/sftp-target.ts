import { z } from 'zod';
import { HOST_KEY_SHA256 } from './host-key.js';

/** A company SFTP server and the directory reports are delivered to. */
export interface SftpTarget {
  host: string;
  port: number;
  username: string;
  /** Absolute path on the server. */
  directory: string;
  /** A private key in OpenSSH's form (or PEM: PKCS#1, SEC1), without a passphrase. */
  privateKey?: string;
  password?: string;
  /** OpenSSH-style 'SHA256:…' fingerprint of the server's host key; the upload refuses any other key. */
  hostKeySha256: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The forms ssh2 reads: OpenSSH's own and the older PEM ones (PKCS#1, SEC1); not PKCS#8 ("BEGIN PRIVATE KEY"). */
const PRIVATE_KEY =
  /^-----BEGIN (OPENSSH|RSA|EC|DSA) PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END \1 PRIVATE KEY-----\s*$/;

const directory = z
  .string()
  .max(1024)
  .refine((d) => d.startsWith('/'), { error: 'must be an absolute path' })
  .refine((d) => !d.split('/').includes('..'), { error: 'must not climb out with ".."' })
  .refine((d) => !CONTROL.test(d), { error: 'must not hold control characters' })
  .describe('Absolute path of the directory on the server the files land in');

/**
 * A target as an API request gives it: every field checked before anything connects, so a
 * mistyped fingerprint or a relative directory is refused at the door, not at the first delivery.
 */
export const sftpTargetSchema = z
  .strictObject({
    host: z
      .union([z.hostname(), z.ipv6()], { error: 'must be a host name or an IP address' })
      .describe('Host name or IP address of the SFTP server'),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(22)
      .describe('TCP port of the SFTP server (22 when absent)'),
    username: z
      .string()
      .min(1)
      .max(256)
      .refine((u) => !CONTROL.test(u), { error: 'must not hold control characters' })
      .describe('The account the files are delivered as'),
    directory,
    privateKey: z
      .string()
      .max(16_384)
      .regex(PRIVATE_KEY, { error: "must be a private key in OpenSSH's form (or PEM: RSA, EC)" })
      .optional()
      .describe(
        "Private key of the account, in OpenSSH's form (or PEM), without a passphrase; or give password",
      ),
    password: z.string().min(1).max(1024).optional().describe('Password of the account; or give privateKey'),
    hostKeySha256: z
      .string()
      .regex(HOST_KEY_SHA256, {
        error: 'must be an OpenSSH SHA256 fingerprint: "SHA256:" and 43 base64 characters',
      })
      .describe("Fingerprint of the server's host key, as `ssh-keygen -l -E sha256 -f <key>.pub` prints it"),
  })
  .refine((t) => (t.privateKey === undefined) !== (t.password === undefined), {
    error: 'give exactly one of privateKey and password',
    path: ['privateKey'],
  });

/** A target from an API request's body; throws zod's error naming each field that is wrong. */
export function parseSftpTarget(input: unknown): SftpTarget {
  return sftpTargetSchema.parse(input);
}
