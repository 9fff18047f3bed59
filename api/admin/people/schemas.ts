import { z } from 'zod';
import { PEOPLE_CHANGE_STATUSES } from '../../../domain/operators/people-changes.js';
import { queryInt } from '../../query-values.js';

/** Queries of the people-changes queue; decisions take the same body as control changes. */
export const peopleChangesQuery = z.strictObject({
  status: z
    .enum(PEOPLE_CHANGE_STATUSES)
    .optional()
    .describe('Only changes in this status (PENDING: the queue); all when absent'),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});

/** A person of the identity provider to link a local account to: the subject (`sub`) it signs in with. */
export const identityLinkBody = z.strictObject({
  subject: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .describe("The person's subject (`sub` claim) at the identity provider"),
  issuer: z
    .string()
    .url()
    .max(500)
    .optional()
    .describe('The identity provider (`iss`); the configured OIDC_ISSUER_URL when absent'),
});
