import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configSchema } from '../../../platform/config/index.js';
import {
  LIVE_URL_SETTINGS,
  PAYOUT_RAIL_LIVE_URL_SETTINGS,
  SANDBOX_URL_SETTINGS,
} from '../../../platform/config/live-hosts.js';
import { GATEWAY_MODULES, findGatewayModule } from '../../../gateways/catalogue.js';
import { chargesFees } from '../../../gateways/fees.js';
import { paymentMethodTypeOf } from '../../../gateways/payment-method-types.js';
import {
  REPORT_FILE_GATEWAYS,
  SETTLEMENT_GATEWAYS,
  isSettlementGateway,
  ownReportLayout,
} from '../../../gateways/settlement-reports.js';
import { templateDriver } from '../../../gateways/template/contract-driver.js';
import { templateModule } from '../../../gateways/template/module.js';
import { signNotification, SIGNATURE_HEADER } from '../../../gateways/template/protocol.js';
import { simulatorMount } from '../../../gateways/template/simulator/mount.js';

/**
 * The template gateway (gateways/template/) is copied to start a new one: it must compile, work
 * against its own simulator, and stay out of the catalogue. And what each gateway's module says
 * of itself is what the shared code reads.
 */

const config = configSchema.parse({});

describe('the template gateway', () => {
  let server: Server;
  let baseUrl: string;
  const credentials = templateModule.credentials.parse(simulatorMount.credentials('unused'));

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const simulator = simulatorMount.create({ publicUrl: baseUrl, serviceUrl: baseUrl, credentials });
    server.on('request', simulator.app.callback());
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is never one of the gateways the service speaks', () => {
    expect(GATEWAY_MODULES).not.toContain(templateModule);
    expect(findGatewayModule(templateModule.name)).toBeUndefined();
    expect(SETTLEMENT_GATEWAYS).not.toContain(templateModule.name);
  });

  it('pays on its simulator, and believes only its query API', async () => {
    const env = { ...simulatorMount.serviceEnvironment(baseUrl, credentials) };
    const own = templateModule.fallbackCredentials(env, config, 'TEST');
    expect(own).toEqual(credentials);
    expect(templateModule.fallbackCredentials(env, config, 'LIVE')).toBeNull();
    const gateway = templateModule.create({ credentials: own!, mode: 'TEST', env, config, receipts: null });

    const reference = 'pay_template0000000001';
    const session = await gateway.openSession({
      reference,
      amountMinor: 12_345,
      currency: 'BDT',
      productName: 'Plan',
      customer: {},
      successUrl: 'http://127.0.0.1:1/return',
      failUrl: 'http://127.0.0.1:1/return',
      cancelUrl: 'http://127.0.0.1:1/cancel',
      ipnUrl: 'http://127.0.0.1:1/ipn',
    });
    expect(gateway.isHostedPage(session.redirectUrl)).toBe(true);
    expect((await gateway.query(reference, session.sessionKey)).outcome).toBe('PENDING');

    const page = await fetch(session.redirectUrl, {
      method: 'POST',
      body: new URLSearchParams({ [templateDriver.choiceField]: templateDriver.success }),
      redirect: 'manual',
    });
    expect(page.status).toBe(302);
    const paid = await gateway.query(reference, session.sessionKey);
    expect(paid).toMatchObject({ outcome: 'SUCCEEDED', amountMinor: 12_345, currency: 'BDT' });
    expect(paymentMethodTypeOf('template', paid.paymentMethod ?? null)).toBe('OTHER');
  });

  it('accepts a notification only with its signature', () => {
    const env = simulatorMount.serviceEnvironment(baseUrl, credentials);
    const gateway = templateModule.create({ credentials, mode: 'TEST', env, config, receipts: null });
    const rawBody = JSON.stringify({ reference: 'pay_x', status: 'PAID' });
    const notice = (signature: string) => ({
      kind: 'NOTIFICATION' as const,
      query: { reference: 'pay_x' },
      form: {},
      headers: { [SIGNATURE_HEADER]: signature },
      rawBody,
    });
    expect(gateway.parseInbound(notice(signNotification(rawBody, credentials.webhookSecret))).accepted).toBe(
      true,
    );
    expect(gateway.parseInbound(notice(signNotification(rawBody, 'another secret'))).accepted).toBe(false);
  });

  it('refuses a sandbox key on LIVE at start-up', () => {
    expect(templateModule.deploymentProblems?.(config, { TEMPLATE_LIVE_API_KEY: 'test_abc' })).toEqual([
      'TEMPLATE_LIVE_API_KEY: is a sandbox key; LIVE needs a live one',
    ]);
    expect(templateModule.deploymentProblems?.(config, { TEMPLATE_LIVE_API_KEY: 'live_abc' })).toEqual([]);
  });
});

describe("what the shared code reads of each gateway's module", () => {
  it('names the gateways that settle through reports, and their layouts', () => {
    expect(SETTLEMENT_GATEWAYS).toEqual(['sslcommerz', 'bkash', 'nagad', 'stripe']);
    expect(REPORT_FILE_GATEWAYS).toEqual(['sslcommerz', 'bkash', 'nagad']);
    expect(isSettlementGateway('manual')).toBe(false);
    expect(ownReportLayout('stripe')).toBeNull();
    expect(ownReportLayout('manual')).toBeUndefined();
    expect(ownReportLayout('bkash')?.columns.net).toBe('Net Amount');
  });

  it("gathers every gateway's sandbox and LIVE host settings", () => {
    expect([...LIVE_URL_SETTINGS]).toEqual(['SSLCOMMERZ_LIVE_URL', 'BKASH_LIVE_URL', 'NAGAD_LIVE_URL']);
    expect([...PAYOUT_RAIL_LIVE_URL_SETTINGS]).toEqual([
      'BKASH_DISBURSEMENT_LIVE_URL',
      'NAGAD_DISBURSEMENT_LIVE_URL',
      'BANK_LIVE_URL',
    ]);
    expect([...SANDBOX_URL_SETTINGS].sort()).toEqual(
      [
        'SSLCOMMERZ_SANDBOX_URL',
        'SSLCOMMERZ_SANDBOX_PAGE_ORIGIN',
        'BKASH_SANDBOX_URL',
        'BKASH_SANDBOX_PAGE_ORIGIN',
        'NAGAD_SANDBOX_URL',
        'NAGAD_SANDBOX_PAGE_ORIGIN',
        'STRIPE_API_URL',
        'STRIPE_PAGE_ORIGIN',
        'BKASH_DISBURSEMENT_SANDBOX_URL',
        'NAGAD_DISBURSEMENT_SANDBOX_URL',
        'BANK_SANDBOX_URL',
        'SIMULATOR_PUBLIC_URL',
        'SIMULATOR_SERVICE_URL',
      ].sort(),
    );
  });

  it('books no fee for money paid outside any gateway', () => {
    expect(GATEWAY_MODULES.filter((module) => !chargesFees(module.name)).map((m) => m.name)).toEqual([
      'manual',
    ]);
    expect(chargesFees('a gateway nobody speaks')).toBe(true);
  });
});
