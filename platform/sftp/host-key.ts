import { createHash } from 'node:crypto';

/**
 * A server's host key is pinned by its OpenSSH fingerprint, the form `ssh-keygen -l -E sha256`
 * and `ssh` print ("SHA256:" and the unpadded base64 of the SHA-256 of the key's wire form), so
 * the value finance copies from the SFTP server's administrator is the value the upload checks.
 */

/** "SHA256:" and 43 characters of base64 without its padding: a SHA-256 digest (32 bytes). */
export const HOST_KEY_SHA256 = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** The fingerprint of a public key in its wire form (the base64 field of a public key line, decoded). */
export function fingerprintOfKeyBlob(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type a wire-form key names in its first field (`ssh-ed25519`, `ssh-rsa`, …). */
function typeInBlob(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return null;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/**
 * The `SHA256:` fingerprint of a public key line as OpenSSH writes it (`ssh-ed25519 AAAA… comment`,
 * a `.pub` file or a known_hosts line without its host names). Throws on anything else, so a
 * mistyped key is never pinned as some other fingerprint.
 */
export function hostKeyFingerprint(publicKeyLine: string): string {
  const fields = publicKeyLine.trim().split(/\s+/);
  const [type, data] = fields;
  if (!type || !data || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) {
    throw new Error('not an OpenSSH public key line ("<type> <base64> [comment]")');
  }
  const blob = Buffer.from(data, 'base64');
  // The line's type and the one inside the key must agree: a truncated or pasted-together line fails here.
  if (typeInBlob(blob) !== type) throw new Error(`the key's data is not a ${type} key`);
  return fingerprintOfKeyBlob(blob);
}
