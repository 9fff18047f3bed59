import { randomUUID } from 'node:crypto';

export interface Order {
  id: string;
  product: string;
  amountMinor: number;
  status: 'AWAITING_PAYMENT' | 'PAID';
  paymentReference: string | null;
  paidAt: string | null;
}

/** The shop's orders. A real shop keeps them in its database; a Map keeps the example short. */
export class OrderBook {
  private readonly orders = new Map<string, Order>();
  /** Event ids already handled: a webhook can arrive more than once, with the same id. */
  private readonly seenEvents = new Set<string>();

  place(product: string, amountMinor: number): Order {
    const order: Order = {
      id: `ord_${randomUUID().slice(0, 8)}`,
      product,
      amountMinor,
      status: 'AWAITING_PAYMENT',
      paymentReference: null,
      paidAt: null,
    };
    this.orders.set(order.id, order);
    return order;
  }

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  attachPayment(id: string, paymentReference: string): void {
    const order = this.orders.get(id);
    if (order) order.paymentReference = paymentReference;
  }

  /** Marks the order paid once per event; false when the event was already handled. */
  markPaid(eventId: string, orderId: string, paymentReference: string, paidAt: string): boolean {
    if (this.seenEvents.has(eventId)) return false;
    this.seenEvents.add(eventId);
    const order = this.orders.get(orderId);
    if (!order || order.status === 'PAID') return false;
    Object.assign(order, { status: 'PAID', paymentReference, paidAt });
    return true;
  }
}
