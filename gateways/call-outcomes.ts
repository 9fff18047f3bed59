import { Counter } from 'prom-client';
import type { Mode } from '../domain/shared/mode.js';
import type { CallTally, GatewayCallOutcome } from '../domain/gateway-health/call-tally.js';
import { GatewayError, type CheckoutGateway } from './types.js';

/** The client calls that reach a gateway's API; parsing an inbound request reaches nothing. */
const COUNTED_CALLS = ['openSession', 'confirm', 'query', 'refund', 'queryRefund'] as const;

export type { GatewayCallOutcome };

export type GatewayCallCounter = Counter<'gateway' | 'operation' | 'outcome'>;

/**
 * Gateway calls by gateway, operation and outcome: a gateway's health as our own calls see it.
 * Registered in no registry here: each process adds it to the registry its /metrics serves.
 */
export function createGatewayCallCounter(): GatewayCallCounter {
  return new Counter({
    name: 'gateway_calls_total',
    help: 'Calls to gateway APIs by outcome: OK, REJECTED (the gateway declined the request), UNAVAILABLE (unreachable, timed out, 5xx), PROTOCOL_ERROR (an answer we cannot read), ERROR (anything else)',
    labelNames: ['gateway', 'operation', 'outcome'],
    registers: [],
  });
}

/** A refusal the gateway answered is its word; the others say the gateway (or our path to it) failed. */
export function callOutcomeOf(error: unknown): GatewayCallOutcome {
  if (!(error instanceof GatewayError)) return 'ERROR';
  if (error.code === 'GATEWAY_REJECTED') return 'REJECTED';
  if (error.code === 'GATEWAY_UNAVAILABLE') return 'UNAVAILABLE';
  return 'PROTOCOL_ERROR';
}

/**
 * The client as it was, with each call to the gateway's API counted once it settles: in the
 * process's counter, and (given `tally`) per mode and minute for gateway health.
 */
export function countedGateway(
  client: CheckoutGateway,
  gateway: string,
  calls: GatewayCallCounter,
  health?: { mode: Mode; tally: CallTally },
) {
  const count = (operation: string, outcome: GatewayCallOutcome) => {
    calls.inc({ gateway, operation, outcome });
    health?.tally.record(gateway, health.mode, outcome);
  };
  const counted = new Set<string | symbol>(COUNTED_CALLS);
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!counted.has(property)) return value.bind(target);
      const operation = String(property);
      return async (...args: unknown[]) => {
        try {
          const result: unknown = await value.apply(target, args);
          count(operation, 'OK');
          return result;
        } catch (error) {
          count(operation, callOutcomeOf(error));
          throw error;
        }
      };
    },
  });
}
