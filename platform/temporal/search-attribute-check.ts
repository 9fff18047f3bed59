import type { ConnectionLike } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { StartupRefusal } from '../config/startup-failure.js';
import { CLI_TYPE_NAMES, SEARCH_ATTRIBUTES } from './search-attributes.js';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

/** The server's spelling of each type, as listSearchAttributes answers it. */
const INDEXED_TYPES: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** How the server names a type of the workflows' list, to register or compare it. */
export function indexedTypeOf(type: SearchAttributeType): temporal.api.enums.v1.IndexedValueType {
  return INDEXED_TYPES[type];
}

function cliTypeOf(indexed: temporal.api.enums.v1.IndexedValueType): string {
  const entry = Object.entries(INDEXED_TYPES).find(([, value]) => value === indexed);
  return entry ? CLI_TYPE_NAMES[entry[0] as SearchAttributeType] : `type ${String(indexed)}`;
}

/** The server answers enums as numbers or, through some encodings, as their names. */
function asIndexedType(value: unknown): temporal.api.enums.v1.IndexedValueType {
  if (typeof value === 'string') return IndexedValueType[value as keyof typeof IndexedValueType];
  return value as temporal.api.enums.v1.IndexedValueType;
}

/** A namespace's search attribute the workflows set that is absent or of another type. */
export interface SearchAttributeProblem {
  name: string;
  /** The type the workflows set, as the CLI spells it. */
  type: string;
  /** The type the namespace holds it as; absent when the namespace lacks it. */
  registeredAs?: string;
}

/**
 * Which of the workflows' search attributes the namespace lacks or holds with another type.
 * A workflow that sets one of them cannot start (or fails its task), so these are found before
 * any is started.
 */
export async function searchAttributeProblems(
  connection: Pick<ConnectionLike, 'operatorService'>,
  namespace: string,
): Promise<SearchAttributeProblem[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const registered = customAttributes ?? {};
  const problems: SearchAttributeProblem[] = [];
  for (const key of SEARCH_ATTRIBUTES) {
    const type = CLI_TYPE_NAMES[key.type];
    if (!(key.name in registered)) {
      problems.push({ name: key.name, type });
      continue;
    }
    const held = asIndexedType(registered[key.name]);
    if (held !== INDEXED_TYPES[key.type])
      problems.push({ name: key.name, type, registeredAs: cliTypeOf(held) });
  }
  return problems;
}

/** The refusal an API or worker process ends with, naming each attribute and how to add it. */
export class SearchAttributesMissingError extends StartupRefusal {
  constructor(
    readonly namespace: string,
    readonly problems: SearchAttributeProblem[],
  ) {
    const lines = problems.map((problem) =>
      problem.registeredAs
        ? `  ${problem.name} (${problem.type}) is registered as ${problem.registeredAs}: remove it with ` +
          `\`temporal operator search-attribute remove --namespace ${namespace} --name ${problem.name}\`, then create it`
        : `  ${problem.name} (${problem.type}) is missing`,
    );
    const commands = problems.map(
      (problem) =>
        `  temporal operator search-attribute create --namespace ${namespace} --name ${problem.name} --type ${problem.type}`,
    );
    super(
      `The Temporal namespace "${namespace}" lacks search attributes the workflows set:\n` +
        `${lines.join('\n')}\n` +
        `Add them (with the --address and TLS options of this cluster) and start again:\n` +
        commands.join('\n'),
    );
    this.name = 'SearchAttributesMissingError';
  }
}

/** Refuses to go on when the namespace lacks, or mistypes, any search attribute the workflows set. */
export async function assertSearchAttributes(
  connection: Pick<ConnectionLike, 'operatorService'>,
  namespace: string,
): Promise<void> {
  const problems = await searchAttributeProblems(connection, namespace);
  if (problems.length > 0) throw new SearchAttributesMissingError(namespace, problems);
}
