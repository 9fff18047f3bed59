import type { EntityManager } from '@mikro-orm/postgresql';
import { searchInvoices } from '../../../db/invoices/invoice-search.js';
import { searchPayments } from '../../../db/payments/payment-search.js';
import { searchPayouts } from '../../../db/payouts/payout-search.js';
import { searchSettlementLines } from '../../../db/reconciliation/settlement-line-search.js';
import { searchRefunds } from '../../../db/refunds/refund-search.js';
import type { Role } from '../../../domain/operators/permissions.js';
import {
  recordPath,
  SEARCH_LIMIT_PER_KIND,
  searchableKinds,
  searchTerms,
  type ExactReference,
  type SearchHit,
  type SearchKind,
  type SearchTerms,
} from '../../../domain/reports/search.js';
import { maskedPhone } from '../../../domain/shared/phone-numbers.js';
import type { ApiDeps } from '../../deps.js';

/**
 * The dashboard's search: the term looked up as every kind of record the operator's role may read,
 * in TEST and LIVE, each kind capped; a reference of ours names its record outright.
 */

type Deps = Pick<ApiDeps, 'orm'>;

const LOOKUPS: Record<
  SearchKind,
  (em: EntityManager, terms: SearchTerms, limit: number) => Promise<SearchHit[]>
> = {
  payments: searchPayments,
  refunds: searchRefunds,
  payouts: searchPayouts,
  invoices: searchInvoices,
  'settlement-lines': searchSettlementLines,
};

export interface SearchResult {
  /** The term as searched; a phone masked, as the results show it. */
  query: string;
  /** Set when the term is one of our references and that record exists: its page. */
  exact: (ExactReference & { path: string }) | null;
  /** The kinds this role searched, in order. */
  searched: SearchKind[];
  items: SearchHit[];
  /** Kinds with more records than the cap. */
  truncated: SearchKind[];
}

export async function search(deps: Deps, role: Role, term: string): Promise<SearchResult> {
  const terms = searchTerms(term)!;
  const searched = searchableKinds(role);
  const limit = SEARCH_LIMIT_PER_KIND;
  const found = await Promise.all(
    searched.map((kind) => LOOKUPS[kind](deps.orm.em.fork() as EntityManager, terms, limit + 1)),
  );
  const truncated = searched.filter((_, i) => found[i]!.length > limit);
  const items = found.flatMap((hits) => hits.slice(0, limit));
  const exactHit = terms.reference
    ? items.find((hit) => hit.kind === terms.reference!.kind && hit.matchedOn === 'reference')
    : undefined;
  return {
    query: terms.phone ? maskedPhone(terms.phone) : terms.text,
    exact:
      exactHit && terms.reference
        ? { ...terms.reference, path: recordPath(terms.reference.kind, exactHit.reference) }
        : null,
    searched,
    items,
    truncated,
  };
}

export function searchHitView(hit: SearchHit) {
  const { at, ...rest } = hit;
  return { ...rest, at: at.toISOString() };
}

export function searchResultView(result: SearchResult) {
  return {
    query: result.query,
    exact: result.exact,
    searched: result.searched,
    limitPerKind: SEARCH_LIMIT_PER_KIND,
    truncated: result.truncated,
    items: result.items.map(searchHitView),
  };
}
