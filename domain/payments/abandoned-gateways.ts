/**
 * A gateway a payment left at checkout: a session there failed to open, and the customer chose
 * another gateway. That session never reached the customer, so no money is expected there; but a
 * notification from it that passes the gateway's own checks (its signature) is evidence to keep,
 * not junk: it is stored, never confirmed through the payment's current gateway, and the payment
 * is flagged for an operator to check at the gateway it names (and refund there). Pure: no I/O.
 */

/**
 * How such a callback is recognised when it comes again: by payment, gateway, confirmation key
 * and claimed status, apart from the payment's current gateway's own callbacks.
 */
export function abandonedGatewayCallbackKey(input: {
  paymentId: number;
  gateway: string;
  confirmationKey: string | null;
  claimedStatus: string;
}): string {
  return `${input.paymentId}:left:${input.gateway}:${input.confirmationKey ?? ''}:${input.claimedStatus}`;
}

/** The attention reason: what came from where, and what the operator does about it. */
export function abandonedGatewayAttention(input: {
  gateway: string;
  currentGateway: string | null;
  claimedStatus: string;
}): string {
  const moved = input.currentGateway ? ` after checkout moved to ${input.currentGateway}` : '';
  return (
    `ABANDONED_GATEWAY_CALLBACK: ${input.gateway} sent ${input.claimedStatus || 'a notification'} for ` +
    `this payment${moved}; check at ${input.gateway} and refund there`
  );
}

/**
 * The payment's attention reason once this one is raised: an open flag keeps its own reason (and
 * kind) first, with this one added; otherwise this one alone.
 */
export function raisedAttention(
  payment: { attentionReason: string | null; attentionResolvedAt: Date | null },
  reason: string,
): string {
  const open = payment.attentionReason !== null && payment.attentionResolvedAt === null;
  if (!open) return reason;
  if (payment.attentionReason!.includes(reason)) return payment.attentionReason!;
  return `${payment.attentionReason}; ${reason}`;
}
