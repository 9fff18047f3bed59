import { z } from 'zod';

/**
 * The shapes settings share, for platform/config/schema.ts and for the settings a gateway's folder declares
 * (gateways/<name>/settings.ts), which platform/config/schema.ts parses with the rest.
 */
export const port = z.coerce.number().int().min(0).max(65535);
/**
 * Where 0 already means "off" (WORKER_METRICS_PORT), the word that asks for a port the kernel
 * picks instead; the process then names the port it got (platform/http/listening-port.ts).
 */
export const EPHEMERAL_PORT = 'ephemeral';
export const url = z.url({ protocol: /^https?$/ });
export const blankAsUnset = (v: unknown) => (v === '' ? undefined : v);
export const optionalUrl = z.preprocess(blankAsUnset, url.optional());
