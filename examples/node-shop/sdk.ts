// In your own app: `npm install @oi-payments/node`, then import from '@oi-payments/node'.
// Inside this repository the example uses the SDK's source, so it always runs the current one.
export * from '../../sdk/src/index.js';
