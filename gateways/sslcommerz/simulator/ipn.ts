import { setTimeout as sleep } from 'node:timers/promises';
import { signIpn } from '../protocol.js';
import type { Faults } from './faults.js';
import type { IpnDelivery } from './state.js';
import { newValId } from './wire.js';

const IPN_TIMEOUT_MS = 10_000;

/** The IPN as the gateway would send it, with any signature or val_id faults applied. */
export function signedIpn(
  record: Record<string, string>,
  storePassword: string,
  faults: Faults,
): Record<string, string> {
  const fields = { ...record };
  if (faults.unknownValId) fields.val_id = newValId(new Date());
  // A hash made with another password looks exactly like a real one but cannot verify.
  const password = faults.forgeSignature ? `${storePassword}-forged` : storePassword;
  return { ...fields, ...signIpn(fields, password) };
}

export async function postIpn(url: string, fields: Record<string, string>): Promise<IpnDelivery> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(IPN_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    return { status: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Sends the IPN as often and as fast as the active faults say; resolves once every copy is answered. */
export async function deliverIpn(
  url: string | null,
  fields: Record<string, string>,
  faults: Faults,
): Promise<IpnDelivery[]> {
  const mode = faults.ipn ?? 'normal';
  if (url === null || mode === 'none') return [];
  if (faults.ipnDelayMs) await sleep(faults.ipnDelayMs);
  switch (mode) {
    case 'duplicate':
      return [await postIpn(url, fields), await postIpn(url, fields)];
    case 'concurrent':
      return Promise.all([postIpn(url, fields), postIpn(url, fields)]);
    default:
      return [await postIpn(url, fields)];
  }
}
