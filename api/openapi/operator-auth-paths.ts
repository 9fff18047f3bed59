import { z } from 'zod';
import { secondFactorFields } from '../admin/sign-in.js';
import { operation, pathParam } from './admin-paths.js';
import { fromZod, instant, integer, nullableInstant, record, ref, text, type Json } from './json-schema.js';
import { errorResponse, ok } from './responses.js';

/**
 * Operators' own sign-in and account: the second step of a two-step sign-in, TOTP enrolment,
 * password change, completing a password reset; and an administrator's resets for another operator.
 */
// At most 15 digits: every such id is a safe integer, so an id the pattern admits is never refused.
const operatorId = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,14}$' }, 'The operator id');
const code = z.string().min(1).max(64).describe('Six digits from the authenticator app, or a recovery code');

export const operatorAuthSchemas = (): Record<string, Json> => ({
  SecondFactorStatus: record({
    enrolled: { type: 'boolean' },
    enrolledAt: nullableInstant,
    requiredForRole: { type: 'boolean', description: 'ADMIN and FINANCE under the required posture' },
    mustEnrolFirst: { type: 'boolean', description: 'Nothing else is allowed until enrolment is done' },
    recoveryCodesLeft: integer,
  }),
  SecondFactorOffer: record({
    secret: { ...text, description: 'Base32 TOTP secret, to type into an app that cannot scan' },
    otpauthUri: text,
    qrCodeDataUrl: { ...text, description: 'The otpauth URI as an SVG QR code (data: URL)' },
  }),
  RecoveryCodes: record({
    recoveryCodes: { type: 'array', items: text, description: 'Ten single-use codes, shown only now' },
    enrolledAt: instant,
  }),
});

export const operatorAuthPaths = (): Record<string, Json> => ({
  '/admin/session/second-factor': {
    post: operation({
      id: 'adminSignInSecondFactor',
      summary: "Sign-in, step two: the challenge from step one's 401 SECOND_FACTOR_REQUIRED and a code",
      unauthenticated: true,
      rateLimited: true,
      body: fromZod(secondFactorFields),
      responses: {
        201: ok('Signed in', ref('OperatorSession')),
        401: errorResponse('SECOND_FACTOR_INVALID (try again) or SIGN_IN_CHALLENGE_INVALID (start again)'),
        429: { description: 'LOGIN_THROTTLED (with Retry-After) or RATE_LIMITED' },
      },
    }),
  },
  '/admin/password-reset': {
    post: operation({
      id: 'adminCompletePasswordReset',
      summary: 'Set a new password with a one-time reset token an administrator issued; every session ends',
      unauthenticated: true,
      rateLimited: true,
      body: fromZod(
        z.strictObject({ token: z.string().min(1).max(200), newPassword: z.string().min(1).max(1024) }),
      ),
      responses: {
        200: ok('Password set', record({ email: text, passwordChanged: { const: true } })),
        400: errorResponse('PASSWORD_RESET_INVALID: used, expired or replaced'),
        422: errorResponse('PASSWORD_TOO_WEAK'),
      },
    }),
  },
  '/admin/account/second-factor': {
    get: operation({
      id: 'adminSecondFactorStatus',
      summary: "The signed-in operator's second factor",
      responses: { 200: ok('Status', ref('SecondFactorStatus')) },
    }),
  },
  '/admin/account/second-factor/enrolment': {
    post: operation({
      id: 'adminBeginSecondFactor',
      summary: 'Begin TOTP enrolment: a new secret waits for its first code',
      description: 'Replacing an enrolled second factor needs a step-up (with the current code) first.',
      responses: { 201: ok('Secret to enrol', ref('SecondFactorOffer')) },
    }),
  },
  '/admin/account/second-factor/confirm': {
    post: operation({
      id: 'adminConfirmSecondFactor',
      summary: "Confirm enrolment with the app's first code; answers ten recovery codes, once",
      body: fromZod(z.strictObject({ code })),
      responses: {
        200: ok('Enrolled', ref('RecoveryCodes')),
        401: errorResponse('SECOND_FACTOR_INVALID'),
        409: errorResponse('SECOND_FACTOR_NOT_PENDING'),
      },
    }),
  },
  '/admin/account/password': {
    post: operation({
      id: 'adminChangePassword',
      summary: "Change one's own password; the operator's other sessions end",
      body: fromZod(
        z.strictObject({
          currentPassword: z.string().min(1).max(1024),
          newPassword: z.string().min(1).max(1024),
        }),
      ),
      responses: {
        200: ok('Changed', record({ passwordChanged: { const: true }, otherSessionsEnded: integer })),
        401: errorResponse('INVALID_LOGIN (current password), AUTHENTICATION_REQUIRED after too many'),
        422: errorResponse('PASSWORD_TOO_WEAK'),
      },
    }),
  },
  '/admin/operators/{id}/second-factor/reset': {
    post: operation({
      id: 'adminResetOperatorSecondFactor',
      summary: "Propose removing an operator's second factor (lost phone)",
      description:
        'Answered 202 with a PENDING people change; once a second, independent ADMIN approves it, the factor is removed and their sessions end.',
      action: 'operators.manage',
      parameters: [operatorId],
      responses: {
        202: ok('The pending people change', ref('PeopleChange')),
        404: errorResponse('OPERATOR_NOT_FOUND'),
        409: errorResponse('OPERATOR_SELF_CHANGE or PEOPLE_CHANGE_WAITING'),
      },
    }),
  },
  '/admin/operators/{id}/password-reset': {
    post: operation({
      id: 'adminIssuePasswordReset',
      summary: "Propose a password reset for an operator: the one-time link goes to the operator's email",
      description:
        'Answered 202 with a PENDING people change; once a second, independent ADMIN approves it, a link valid for an hour is emailed to the operator (an earlier one is void). Nobody who asked sees it.',
      action: 'operators.manage',
      parameters: [operatorId],
      responses: {
        202: ok('The pending people change', ref('PeopleChange')),
        404: errorResponse('OPERATOR_NOT_FOUND'),
        409: errorResponse('OPERATOR_SELF_CHANGE or PEOPLE_CHANGE_WAITING'),
      },
    }),
  },
});
