import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs; credentials and signatures are redacted wherever they appear, including
 * the gateways' own secret fields (`secretFields`, named by each gateway).
 */
export function createLogger(level: string, service: string, secretFields: readonly string[] = []): Logger {
  return pino({
    level,
    base: { service },
    redact: {
      paths: [
        'req.headers["x-api-secret"]',
        'req.headers.authorization',
        'req.headers.cookie',
        '*.secret',
        ...secretFields.map((field) => `*.${field}`),
      ],
      censor: '[redacted]',
    },
  });
}
