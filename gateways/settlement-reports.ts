import type { LayoutDefinition } from '../domain/reconciliation/settlement-reports/layouts.js';
import { GATEWAY_MODULES, findGatewayModule } from './catalogue.js';

/** Which gateways settle through reports, and in which layouts, as their modules say. */

type Names = readonly [string, ...string[]];

function names(list: string[]): Names {
  if (!list.length) throw new Error('no gateway settles through a report');
  return list as unknown as Names;
}

/**
 * Gateways a settlement report may be imported for, in catalogue order: those with a layout of
 * their own, and those whose lines come in the canonical layout alone (Stripe's usually come from
 * its API). Manual payments never settle through a gateway.
 */
export const SETTLEMENT_GATEWAYS: Names = names(
  GATEWAY_MODULES.filter((module) => module.settlementReport).map((module) => module.name),
);

/** Gateways whose settlement reports come as files an operator uploads, each in its own layout. */
export const REPORT_FILE_GATEWAYS: Names = names(
  GATEWAY_MODULES.filter((module) => module.settlementReport?.layout).map((module) => module.name),
);

export function isSettlementGateway(value: string): boolean {
  return SETTLEMENT_GATEWAYS.includes(value);
}

/**
 * The layout of a gateway's own report file: null when it has none (its lines are written in the
 * canonical layout alone), undefined when it is no gateway that settles through reports.
 */
export function ownReportLayout(gateway: string): LayoutDefinition | null | undefined {
  return findGatewayModule(gateway)?.settlementReport?.layout;
}
