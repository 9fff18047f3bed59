import { readPaymentMethod, type PaymentMethodType } from '../domain/payments/payment-method-type.js';
import { GATEWAY_MODULES, findGatewayModule } from './catalogue.js';

/**
 * The type of the method a gateway reported (`paymentMethod`, null when it named none), as the
 * gateway's module reads it. Never fails: a value its table does not know, or a gateway this
 * service does not speak, is OTHER.
 */
export function paymentMethodTypeOf(gateway: string | null, paymentMethod: string | null): PaymentMethodType {
  const module = gateway === null ? undefined : findGatewayModule(gateway);
  return readPaymentMethod(module?.paymentMethods, paymentMethod);
}

/** Each gateway's table of methods, for the test that holds the migration's backfill to the modules. */
export const KNOWN_PAYMENT_METHODS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  GATEWAY_MODULES.flatMap((module) => {
    const reading = module.paymentMethods;
    return reading && 'table' in reading ? [[module.name, Object.keys(reading.table)]] : [];
  }),
);
