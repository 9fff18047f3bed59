import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { normalizeLogo, type NormalizedLogo } from './logo-image.js';

/**
 * An app's logo, fetched for a document. The URL is the app's to set, so the fetch is held to
 * what an image on the public internet needs: http or https, public addresses only (checked on
 * the address each connection resolves to), a few redirects, 3 seconds, 512 KiB, and bytes
 * that are a PNG or a JPEG within the pixel limits of logo-image.ts, re-encoded small. Anything
 * else is a document without a logo, never a failure.
 */

const TIMEOUT_MS = 3_000;
export const MAX_LOGO_BYTES = 512 * 1024;
const MAX_REDIRECTS = 3;

// Private, loopback, link-local and cloud-metadata addresses are refused by default.
const agents = {
  'http:': new RequestFilteringHttpAgent(),
  'https:': new RequestFilteringHttpsAgent(),
};

/** The image formats pdfkit embeds, told by their first bytes rather than by a server's word. */
export function logoFormat(bytes: Buffer): 'png' | 'jpeg' | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'jpeg';
  return null;
}

type Fetched = { redirect: string } | { body: Buffer } | null;

function get(url: URL, signal: AbortSignal): Promise<Fetched> {
  const protocol = url.protocol as keyof typeof agents;
  const send = protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      agent: agents[protocol],
      signal,
      headers: { accept: 'image/png, image/jpeg' },
    });
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        resolve({ redirect: location });
        return;
      }
      if (status !== 200 || Number(response.headers['content-length'] ?? 0) > MAX_LOGO_BYTES) {
        response.destroy();
        resolve(null);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_LOGO_BYTES) {
          response.destroy();
          resolve(null);
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** The logo at `url` as a document embeds it (see logo-image.ts), or null. */
export async function loadLogo(url: string | null): Promise<Buffer | null> {
  const fetched = await fetchLogo(url);
  return fetched && 'png' in fetched ? fetched.png : null;
}

/**
 * The logo at `url`, fetched and normalized: its stored form, why the image was refused, or null
 * when nothing usable came back (an unreachable host, a page that is no image).
 */
export async function fetchLogo(url: string | null): Promise<NormalizedLogo | null> {
  const bytes = await fetchLogoBytes(url);
  return bytes ? normalizeLogo(bytes) : null;
}

async function fetchLogoBytes(url: string | null): Promise<Buffer | null> {
  if (!url) return null;
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    let target = new URL(url);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return null;
      const fetched = await get(target, signal);
      if (!fetched) return null;
      if ('body' in fetched) return logoFormat(fetched.body) ? fetched.body : null;
      target = new URL(fetched.redirect, target);
    }
    return null;
  } catch {
    // A refused address, a timeout, a reset connection or a malformed URL: no logo.
    return null;
  }
}
