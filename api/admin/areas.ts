import type { DashboardArea } from './pages/index.js';
import type Router from '@koa/router';
import type { RouteDeps } from '../deps.js';

/** Admin JSON API areas (mounted under /api/v1/admin) and dashboard areas (under /admin). */
export const adminApiAreas: Array<(deps: RouteDeps) => Router> = [];
export const dashboardAreas: DashboardArea[] = [];
