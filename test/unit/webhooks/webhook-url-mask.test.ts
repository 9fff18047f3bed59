import { maskedWebhookUrl } from '../../../domain/webhooks/webhook-endpoints.js';

describe('maskedWebhookUrl', () => {
  it('masks a password, a user token, query values and a fragment, and keeps the rest', () => {
    expect(maskedWebhookUrl('https://user:s3cr%24t@hooks.example:8443/in/app?token=abc123&v=1&v=2#sig')).toBe(
      'https://***:***@hooks.example:8443/in/app?token=***&v=***#***',
    );
    expect(maskedWebhookUrl('https://glpat-abcdef@hooks.example/in')).toBe('https://***@hooks.example/in');
  });

  it('leaves a URL without secrets as it is', () => {
    expect(maskedWebhookUrl('https://hooks.example/in/app')).toBe('https://hooks.example/in/app');
    expect(maskedWebhookUrl('http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000/');
  });

  it('never echoes what it cannot parse', () => {
    expect(maskedWebhookUrl('not a url with secret=abc')).toBe('***');
  });
});
