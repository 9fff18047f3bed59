import { HEALTH_STATUSES } from '../../domain/gateway-health/health-rules.js';
import { MODES } from '../../domain/shared/mode.js';
import { GATEWAY_NAMES, maintenanceWindowBody } from '../admin/gateway-health/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableText,
  record,
  ref,
  text,
  withExamples,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok, withStandardAnswers } from './responses.js';
import { APP_TAGS } from './tags.js';

/** Gateway health: the public status page's JSON, the event, and the operators' maintenance windows. */

const mode = { type: 'string', enum: [...MODES] };
const status = {
  type: 'string',
  enum: [...HEALTH_STATUSES],
  description:
    'OPERATIONAL; DEGRADED (many of our calls failed lately: the checkout shows it last); DOWN (most failed: the checkout shows it last and does not let customers choose it); MAINTENANCE (an announced window: as DOWN)',
};
const gateway = { type: 'string', enum: [...GATEWAY_NAMES] };

const MAINTENANCE_EXAMPLE = {
  id: 7,
  gateway: 'bkash',
  gatewayName: 'bKash',
  mode: 'LIVE',
  startsAt: '2027-02-01T02:00:00.000Z',
  endsAt: '2027-02-01T03:00:00.000Z',
  note: 'bKash upgrades its checkout; payments by bKash resume at 03:00 UTC',
  inForce: true,
};

const maintenance = {
  id: integer,
  gateway,
  gatewayName: text,
  mode,
  startsAt: instant,
  endsAt: instant,
  note: text,
  inForce: { type: 'boolean', description: 'Whether the window is open now' },
};

export const gatewayHealthSchemas = (): Record<string, Json> => ({
  GatewayHealthWindow: record({
    calls: { ...integer, description: 'Our calls to the gateway in the window' },
    failures: { ...integer, description: 'Of them, those that failed (unreachable, unreadable answers)' },
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
  }),
  GatewayMaintenanceNotice: record({ id: integer, startsAt: instant, endsAt: instant, note: text }),
  GatewayHealthChange: withExamples(
    record({
      gateway,
      gatewayName: text,
      mode: { ...mode, description: "The mode whose health changed (the event's own mode)" },
      status,
      previousStatus: status,
      reason: { ...text, description: 'Why, in words: the window’s failed calls, or the maintenance' },
      changedAt: instant,
      window: ref('GatewayHealthWindow'),
      maintenance: {
        oneOf: [ref('GatewayMaintenanceNotice'), { type: 'null' }],
        description: 'The maintenance window, when status is MAINTENANCE',
      },
    }),
    {
      gateway: 'sslcommerz',
      gatewayName: 'Card or bank (SSLCOMMERZ)',
      mode: 'LIVE',
      status: 'DEGRADED',
      previousStatus: 'OPERATIONAL',
      reason: '7 of 24 calls failed in the last 5 minutes',
      changedAt: '2027-02-01T02:14:30.000Z',
      window: { calls: 24, failures: 7, errorRate: 0.292 },
      maintenance: null,
    },
  ),
  GatewayStatus: withExamples(
    record({
      generatedAt: instant,
      gateways: {
        type: 'array',
        items: record({
          gateway,
          gatewayName: text,
          mode,
          status,
          since: { ...nullableInstant, description: 'Since when; null before its first evaluation' },
          evaluatedAt: nullableInstant,
        }),
      },
      maintenance: {
        type: 'array',
        description: 'Windows in force or to come, soonest first',
        items: record(maintenance),
      },
      recentChanges: {
        type: 'array',
        description: 'Changes of the last 7 days, newest first (at most 50)',
        items: record({
          gateway,
          gatewayName: text,
          mode,
          previousStatus: status,
          status,
          reason: text,
          changedAt: instant,
        }),
      },
    }),
    {
      generatedAt: '2027-02-01T02:20:00.000Z',
      gateways: [
        {
          gateway: 'sslcommerz',
          gatewayName: 'Card or bank (SSLCOMMERZ)',
          mode: 'LIVE',
          status: 'DEGRADED',
          since: '2027-02-01T02:14:30.000Z',
          evaluatedAt: '2027-02-01T02:19:30.000Z',
        },
        {
          gateway: 'bkash',
          gatewayName: 'bKash',
          mode: 'LIVE',
          status: 'MAINTENANCE',
          since: '2027-02-01T02:00:30.000Z',
          evaluatedAt: '2027-02-01T02:19:30.000Z',
        },
      ],
      maintenance: [MAINTENANCE_EXAMPLE],
      recentChanges: [
        {
          gateway: 'sslcommerz',
          gatewayName: 'Card or bank (SSLCOMMERZ)',
          mode: 'LIVE',
          previousStatus: 'OPERATIONAL',
          status: 'DEGRADED',
          reason: '7 of 24 calls failed in the last 5 minutes',
          changedAt: '2027-02-01T02:14:30.000Z',
        },
      ],
    },
  ),
  MaintenanceWindow: record({
    ...maintenance,
    createdBy: text,
    createdAt: instant,
    cancelledAt: nullableInstant,
    cancelledBy: nullableText,
  }),
  GatewayHealthOverview: record({
    generatedAt: instant,
    gateways: {
      type: 'array',
      items: record({
        gateway,
        gatewayName: text,
        mode,
        status,
        since: nullableInstant,
        evaluatedAt: nullableInstant,
        calls: { ...integer, description: 'Calls in the window at the last evaluation' },
        failures: integer,
      }),
    },
    maintenance: { type: 'array', items: record(maintenance) },
    recentChanges: {
      type: 'array',
      items: record({
        gateway,
        gatewayName: text,
        mode,
        previousStatus: status,
        status,
        reason: text,
        changedAt: instant,
      }),
    },
  }),
});

export const gatewayHealthPaths = (): Record<string, Json> => ({
  '/status': {
    get: {
      operationId: 'getGatewayStatus',
      tags: [APP_TAGS.status.name],
      summary: "Each gateway's health per mode, maintenance windows, and recent changes (public)",
      description:
        'The JSON of the deployment’s status page (/status): no credentials. Health comes from our own calls to each gateway over the last few minutes, evaluated at least every minute; changes also arrive as `gateway.health_changed` events.',
      security: [],
      responses: withStandardAnswers({ 200: ok('The status', ref('GatewayStatus')) }, {}),
    },
  },
  '/admin/gateway-health': {
    get: operation({
      id: 'adminGatewayHealth',
      summary: "Each gateway's health per mode with the evaluation's counts, windows and recent changes",
      action: 'dashboard.read',
      responses: { 200: ok('The health', ref('GatewayHealthOverview')) },
    }),
  },
  '/admin/maintenance-windows': {
    get: operation({
      id: 'adminListMaintenanceWindows',
      summary: 'The latest 100 maintenance windows, newest first, whatever their state',
      action: 'dashboard.read',
      responses: { 200: list('The windows, on one page', ref('MaintenanceWindow')) },
    }),
    post: operation({
      id: 'adminEnterMaintenanceWindow',
      summary: 'Enter a maintenance window for a gateway in one mode; audited',
      description:
        'From the first evaluation inside the window (within GATEWAY_HEALTH_INTERVAL_SECONDS) the gateway is MAINTENANCE: apps get `gateway.health_changed`, the checkout shows it last and not selectable.',
      action: 'gateways.manage',
      body: fromZod(maintenanceWindowBody),
      responses: {
        201: ok('The window', ref('MaintenanceWindow')),
        422: errorResponse(
          'MAINTENANCE_WINDOW_INVALID: ends before it starts, in the past, or longer than 7 days',
        ),
      },
    }),
  },
  '/admin/maintenance-windows/{id}/cancel': {
    post: operation({
      id: 'adminCancelMaintenanceWindow',
      summary: 'End a window now, or call off one to come; audited',
      action: 'gateways.manage',
      parameters: [pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, 'The window id')],
      responses: {
        200: ok('The window, cancelled', ref('MaintenanceWindow')),
        404: errorResponse('MAINTENANCE_WINDOW_NOT_FOUND'),
      },
    }),
  },
});
