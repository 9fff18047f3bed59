import path from 'node:path';
import type { DemoApp } from './demo-app.js';

export interface BannerInfo {
  publicUrl: string;
  demo: DemoApp;
  demoFile: string;
  /** The development admin's sign-in for the dashboard. */
  admin: { email: string; password: string; file: string };
  /** The SSLCOMMERZ the service uses: its simulator, or the sandbox SSLCOMMERZ_SANDBOX_URL names. */
  gateway: { url: string; simulated: boolean };
  /** The gateway simulators' address, and each one's tester page and credentials (host.ts's banner lines). */
  simulators?: { url: string; lines: string[] };
  temporal: { address: string; uiUrl: string | undefined; namespace: string };
  webhookUrl: string;
  /** The mail catcher customers' emails go to; null when SMTP_URL names a real server. */
  mail: { smtpUrl: string; inboxUrl: string } | null;
  dataDir: string;
  /** The local identity provider and its seeded people; null when OIDC_ISSUER_URL names another. */
  identityProvider?: {
    issuer: string;
    people: Array<{ email: string; password: string; groups: string[] }>;
  } | null;
}

function temporalLines(info: BannerInfo): string[] {
  const filter = `AppId="${info.demo.appId}"`;
  const { uiUrl, namespace, address } = info.temporal;
  if (!uiUrl)
    return [
      `  Temporal       ${address} (set TEMPORAL_UI_URL to link its Web UI)`,
      `                 filter: ${filter}`,
    ];
  const link = `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${encodeURIComponent(filter)}`;
  return [
    `  Temporal UI    ${uiUrl}`,
    `                 demo app's workflows: ${link}`,
    `                 (filter: ${filter})`,
  ];
}

function curl(info: BannerInfo): string[] {
  const body = JSON.stringify({
    amountMinor: 10000,
    currency: 'BDT',
    customerReference: 'cust_123',
    productName: 'Pro plan',
  });
  return [
    `  curl -X POST ${info.publicUrl}/api/v1/payments \\`,
    `    -H "X-Api-Key: ${info.demo.test.key}" \\`,
    `    -H "X-Api-Secret: ${info.demo.test.secret}" \\`,
    `    -H "Content-Type: application/json" \\`,
    `    -H "Idempotency-Key: demo-$(date +%s)" \\`,
    `    -d '${body}'`,
  ];
}

function gatewayLines(info: BannerInfo): string[] {
  const { gateway, simulators } = info;
  const lines: string[] = [];
  // With the simulators listed, the simulated SSLCOMMERZ is among them.
  if (!gateway.simulated || !simulators) {
    const name = gateway.simulated ? 'SSLCOMMERZ simulator' : 'SSLCOMMERZ sandbox';
    lines.push(`  Gateway        ${gateway.url} (${name}, TEST mode)`);
  }
  if (simulators) {
    lines.push(
      `  Simulators     ${simulators.url} (every gateway, TEST mode: pick outcomes, set faults)`,
      ...simulators.lines.map((line) => `                   ${line}`),
    );
  }
  return lines;
}

/** What a developer needs once everything is up, printed unprefixed so the curl pastes as is. */
export function renderBanner(info: BannerInfo): string {
  const rule = '─'.repeat(78);
  const relative = (p: string) => {
    const inside = path.relative(process.cwd(), p);
    return inside.startsWith('..') || path.isAbsolute(inside) ? p : inside || '.';
  };
  return [
    rule,
    '  OI Payments is up.',
    '',
    `  API            ${info.publicUrl}/api/v1`,
    `  Docs           ${info.publicUrl}/docs`,
    `  Checkout       ${info.publicUrl}/checkout/<reference>`,
    `  Dashboard      ${info.publicUrl}/admin`,
    ...(info.identityProvider
      ? [
          `                 "Sign in with the local identity provider" (${info.identityProvider.issuer}) as:`,
          ...info.identityProvider.people.map(
            (p) => `                   ${p.email} / ${p.password} (${p.groups.join(', ')})`,
          ),
          `                 break-glass local account: ${info.admin.email} / ${info.admin.password} (kept in ${relative(info.admin.file)})`,
        ]
      : [
          `                 sign in as ${info.admin.email} / ${info.admin.password} (kept in ${relative(info.admin.file)})`,
        ]),
    ...gatewayLines(info),
    ...temporalLines(info),
    `  Webhooks       ${info.webhookUrl} (demo receiver: open it to see each verified delivery)`,
    ...(info.mail
      ? [
          `  Mail           ${info.mail.smtpUrl} (catcher: customers' emails stop here; nothing leaves this machine)`,
          `                 inbox: ${info.mail.inboxUrl}`,
        ]
      : []),
    '',
    `  Demo app "${info.demo.name}" (id ${info.demo.appId}), TEST credentials (kept in ${relative(info.demoFile)}):`,
    `    X-Api-Key      ${info.demo.test.key}`,
    `    X-Api-Secret   ${info.demo.test.secret}`,
    '',
    '  Create a payment, then open the checkoutUrl it returns:',
    ...curl(info),
    '',
    `  Ctrl-C stops everything; data stays in ${relative(info.dataDir)}/`,
    rule,
  ].join('\n');
}
