import { GATEWAY_MODULES } from '../../gateways/catalogue.js';
import { gatewaySettingsBody } from '../admin/gateways/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  nullableInstant,
  nullableInteger,
  nullableText,
  record,
  ref,
  text,
  type Json,
} from './json-schema.js';
import { errorResponse, ok } from './responses.js';

/** The operators' gateway settings per app and mode: state, on/off, the app's own credentials. */

const appId = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, 'The app id');
const modeParam = pathParam('mode', { type: 'string', enum: ['TEST', 'LIVE'] });
const gatewayParam = pathParam(
  'gateway',
  { type: 'string', enum: GATEWAY_MODULES.map((module) => module.name) },
  'A gateway of the catalogue; any other name is 404 GATEWAY_NOT_FOUND',
);

const LIVE_STEP_UP =
  'Changing LIVE settings also needs a step-up (POST /admin/session/step-up) within the last 5 minutes, else 403 STEP_UP_REQUIRED; TEST settings do not.';

const GATEWAY_STATE: Json = record({
  gateway: text,
  displayName: text,
  mode: { type: 'string', enum: ['TEST', 'LIVE'] },
  status: {
    type: 'string',
    enum: ['ACTIVE', 'DISABLED', 'NOT_CONFIGURED', 'UNREADABLE'],
    description:
      "ACTIVE: on and configured; DISABLED: off; NOT_CONFIGURED: on, with no credentials anywhere; UNREADABLE: the app's own credentials do not open with any key in SEALING_KEYS (on or off, checkout cannot use the gateway and never falls back to the service's): set them again",
  },
  hint: {
    type: ['string', 'null'],
    description:
      'What to do about the state when something must be done (UNREADABLE: set the credentials again); else null',
  },
  enabled: { type: 'boolean' },
  source: {
    type: 'string',
    enum: ['OWN', 'SERVICE', 'NONE'],
    description:
      "Whose credentials it uses (or would use, when off): the app's own, the service-wide ones, none",
  },
  setting: {
    type: 'string',
    enum: ['DEFAULT', 'ON', 'OFF'],
    description: 'DEFAULT: no operator setting, on exactly when the service has credentials for the mode',
  },
  serviceCredentials: { type: 'boolean', description: 'Service-wide credentials exist for this mode' },
  credentials: {
    type: ['object', 'null'],
    additionalProperties: text,
    description: "The app's own credentials by field key: non-secret values as they are, secrets masked",
  },
  fields: {
    type: 'array',
    items: record(
      {
        key: text,
        label: text,
        secret: { type: 'boolean' },
        multiline: { type: 'boolean' },
        hint: nullableText,
        choices: {
          type: 'array',
          items: record({ value: text, label: text }),
          description: 'A setting chosen from these values rather than typed in',
        },
      },
      ['choices'],
    ),
  },
  updatedAt: nullableInstant,
  updatedBy: { ...nullableInteger, description: 'The operator who last changed the setting' },
});

export const adminGatewaySchemas = (): Record<string, Json> => ({
  AppGatewayState: GATEWAY_STATE,
  AppGatewayStates: record({
    TEST: { type: 'array', items: ref('AppGatewayState') },
    LIVE: { type: 'array', items: ref('AppGatewayState') },
  }),
});

const notFound = (codes: string) => ({ 404: errorResponse(codes) });

export const adminGatewayPaths = (): Record<string, Json> => ({
  '/admin/apps/{id}/gateways': {
    get: operation({
      id: 'adminListAppGateways',
      summary: "Every gateway for an app in each mode: on or off, whose credentials, the app's own masked",
      action: 'apps.read',
      parameters: [appId],
      responses: {
        200: ok('Gateways by mode, in catalogue order', ref('AppGatewayStates')),
        ...notFound('APP_NOT_FOUND'),
      },
    }),
  },
  '/admin/apps/{id}/gateways/{mode}/{gateway}': {
    get: operation({
      id: 'adminGetAppGateway',
      summary: "One gateway's state for an app and mode",
      action: 'apps.read',
      parameters: [appId, modeParam, gatewayParam],
      responses: {
        200: ok('The gateway', ref('AppGatewayState')),
        ...notFound('APP_NOT_FOUND or GATEWAY_NOT_FOUND'),
      },
    }),
    put: operation({
      id: 'adminSetAppGateway',
      summary: "Turn a gateway on or off for an app and mode, and/or set the app's own credentials for it",
      description:
        "Credentials are checked against the gateway's fields (400 VALIDATION_ERROR naming credentials.<field>) and against the mode (422 GATEWAY_CREDENTIALS_WRONG_MODE: a Stripe sk_test_/rk_test_ key on LIVE or a live key on TEST), and sealed at rest. A field left out keeps its stored value, a secret sent blank keeps it too. A first setting without `enabled` turns the gateway on. Audited without secrets. " +
        LIVE_STEP_UP,
      action: 'gateways.manage',
      parameters: [appId, modeParam, gatewayParam],
      body: fromZod(gatewaySettingsBody),
      responses: {
        200: ok('The gateway as the change left it', ref('AppGatewayState')),
        400: errorResponse('VALIDATION_ERROR: the body, or credentials the gateway does not accept'),
        403: errorResponse('CSRF_TOKEN_INVALID, FORBIDDEN for this role, or STEP_UP_REQUIRED (LIVE)'),
        ...notFound('APP_NOT_FOUND or GATEWAY_NOT_FOUND'),
        422: errorResponse("GATEWAY_CREDENTIALS_WRONG_MODE: credentials of the gateway's other mode"),
      },
    }),
  },
  '/admin/apps/{id}/gateways/{mode}/{gateway}/credentials': {
    delete: operation({
      id: 'adminClearAppGatewayCredentials',
      summary:
        "Forget the app's own credentials for a gateway and mode: it falls back to the service-wide ones",
      description: `Keeps the on/off setting; clearing credentials the app does not have changes nothing. Audited. ${LIVE_STEP_UP}`,
      action: 'gateways.manage',
      parameters: [appId, modeParam, gatewayParam],
      responses: {
        200: ok('The gateway as the change left it', ref('AppGatewayState')),
        403: errorResponse('CSRF_TOKEN_INVALID, FORBIDDEN for this role, or STEP_UP_REQUIRED (LIVE)'),
        ...notFound('APP_NOT_FOUND or GATEWAY_NOT_FOUND'),
      },
    }),
  },
});
