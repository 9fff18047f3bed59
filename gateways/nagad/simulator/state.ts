import { SettlementFaultBindings } from '../../simulator-kit/settlement.js';
import type { NagadStatus } from '../protocol.js';

/** In-memory records of everything the simulated Nagad has seen. */

/** What the customer can do on the hosted page, besides walking away. */
export const OUTCOMES = ['Success', 'Aborted', 'Failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CallbackDelivery {
  status: number | null;
  error?: string;
}

export interface SimPayment {
  /** What verify reports once the payment settles (faults may make it differ from the callback). */
  status: Outcome;
  /** What the callback to the merchant says. */
  claimedStatus: Outcome;
  /** What verify reports as the amount (faults may make it differ from the order's). */
  amountMinor: number;
  issuerPaymentRefNo: string | null;
  paidAtMs: number;
  /** Verify reads Pending until then, on the simulator's clock. */
  pendingUntilMs: number | null;
  /** The merchantCallbackURL with Nagad's query added. */
  callbackUrl: string;
  /** Calls the simulator made to the callback URL itself (the duplicateCallback fault). */
  serverCallbacks: CallbackDelivery[];
}

export interface SimCheckout {
  amountMinor: number;
  merchantCallbackURL: string;
  additionalMerchantInfo: Record<string, unknown> | null;
}

export interface SimOrder {
  merchantId: string;
  orderId: string;
  paymentReferenceId: string;
  /** The challenge the simulator issued in its initialize answer; complete must send it back. */
  challenge: string;
  orderDateTime: string;
  /** Set by complete: what the customer is asked to pay, and where they return. */
  checkout: SimCheckout | null;
  /** Set when the customer finishes on the hosted page (or a test does it for them). */
  payment: SimPayment | null;
  /** The customer left the hosted page without choosing. */
  abandoned: boolean;
}

function orderKey(merchantId: string, orderId: string): string {
  return `${merchantId}\u0000${orderId}`;
}

export class SimulatorState {
  /** By paymentReferenceId. */
  readonly orders = new Map<string, SimOrder>();
  private readonly byOrderId = new Map<string, SimOrder>();
  /** Settlement faults bound to paid orders (by issuerPaymentRefNo). */
  readonly settlementFaults = new SettlementFaultBindings();

  hasOrderId(merchantId: string, orderId: string): boolean {
    return this.byOrderId.has(orderKey(merchantId, orderId));
  }

  addOrder(order: SimOrder): void {
    this.orders.set(order.paymentReferenceId, order);
    this.byOrderId.set(orderKey(order.merchantId, order.orderId), order);
  }

  /** The order for an orderId, whichever merchant it belongs to (orderIds rarely collide across merchants). */
  findByOrderId(orderId: string): SimOrder | undefined {
    return [...this.byOrderId.values()].find((order) => order.orderId === orderId);
  }

  clear(): void {
    this.orders.clear();
    this.byOrderId.clear();
    this.settlementFaults.clear();
  }
}

/** The status verify reports for an order at `nowMs`. */
export function verifyStatus(order: SimOrder, nowMs: number): NagadStatus {
  const payment = order.payment;
  if (!payment) return 'Pending';
  if (payment.pendingUntilMs !== null && nowMs < payment.pendingUntilMs) return 'Pending';
  return payment.status;
}
