import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; credentials and signatures are redacted wherever they appear. */
export function createLogger(level: string, service: string): Logger {
  return pino({
    level,
    base: { service },
    redact: {
      paths: [
        'req.headers["x-api-secret"]',
        'req.headers.authorization',
        'req.headers.cookie',
        '*.secret',
        '*.store_passwd',
        '*.verify_sign',
        '*.verify_sign_sha2',
      ],
      censor: '[redacted]',
    },
  });
}
