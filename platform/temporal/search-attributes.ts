import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/**
 * The search attributes the workflows set, each with its type. A Temporal namespace must hold
 * every one of them before a workflow can start, so this list is also what the processes check at
 * start-up and what the development and test servers register. Nothing here performs I/O.
 */
export const searchAttributes = {
  AppId: defineSearchAttributeKey('AppId', SearchAttributeType.KEYWORD),
  Mode: defineSearchAttributeKey('Mode', SearchAttributeType.KEYWORD),
  PaymentStatus: defineSearchAttributeKey('PaymentStatus', SearchAttributeType.KEYWORD),
  Gateway: defineSearchAttributeKey('Gateway', SearchAttributeType.KEYWORD),
  CustomerReference: defineSearchAttributeKey('CustomerReference', SearchAttributeType.KEYWORD),
  RefundStatus: defineSearchAttributeKey('RefundStatus', SearchAttributeType.KEYWORD),
  PaymentReference: defineSearchAttributeKey('PaymentReference', SearchAttributeType.KEYWORD),
  InvoiceStatus: defineSearchAttributeKey('InvoiceStatus', SearchAttributeType.KEYWORD),
  InvoiceNumber: defineSearchAttributeKey('InvoiceNumber', SearchAttributeType.KEYWORD),
  /** A settlement day's reconciliation: MATCHING, OPEN (exceptions wait), WAITING (grace), CLOSED. */
  ReconStatus: defineSearchAttributeKey('ReconStatus', SearchAttributeType.KEYWORD),
};

/** The attributes every app-owned workflow carries, so an operator finds an app's runs in one mode. */
export function ownerAttributes(owner: { appId: number; mode: string }): SearchAttributePair[] {
  return [
    { key: searchAttributes.AppId, value: String(owner.appId) },
    { key: searchAttributes.Mode, value: owner.mode },
  ];
}

/** Every search attribute above as (name, type): the list a namespace is checked against. */
export const SEARCH_ATTRIBUTES: ReadonlyArray<{ readonly name: string; readonly type: SearchAttributeType }> =
  Object.values(searchAttributes);

/** A type as the `temporal` CLI spells it (`--type Keyword`). */
export const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** The `--search-attribute` flags of `temporal server start-dev` for the attributes above. */
export const SEARCH_ATTRIBUTE_FLAGS = SEARCH_ATTRIBUTES.map(
  (key) => `${key.name}=${CLI_TYPE_NAMES[key.type]}`,
);
