// In your own app: install it from the service (`npm install <service>/sdk/node/<file>.tgz`, named by
// GET /sdk/node; docs/guides/sdks.md), then import from '@oi-payments/node'.
// Inside this repository the example uses the SDK's source, so it always runs the current one.
export * from '../../sdk/src/index.js';
