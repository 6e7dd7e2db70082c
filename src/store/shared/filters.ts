/**
 * WHERE clauses for the list queries, written once for both dialects: the caller supplies how the
 * n-th parameter is spelt (`?` in SQLite, `$n` in PostgreSQL).
 */
import type { AuditQuery, KnowledgeQuery } from '../types.js';
import { canonicalTime, likePattern, searchWords } from './knowledgeRules.js';

export type Placeholder = (position: number) => string;
export type SqlParameter = string | number | null;

export interface Filter {
  /** `WHERE ...` or the empty string. */
  where: string;
  parameters: SqlParameter[];
}

class FilterBuilder {
  private readonly conditions: string[] = [];
  readonly parameters: SqlParameter[] = [];

  constructor(private readonly placeholder: Placeholder) {}

  /** Adds a condition whose `{}` marks stand for the value. */
  add(condition: string, value: SqlParameter): void {
    this.parameters.push(value);
    this.conditions.push(condition.replaceAll('{}', this.placeholder(this.parameters.length)));
  }

  build(): Filter {
    return { where: this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '', parameters: this.parameters };
  }
}

export function knowledgeFilter(query: KnowledgeQuery, placeholder: Placeholder): Filter {
  const builder = new FilterBuilder(placeholder);
  if (query.kind !== undefined) builder.add('kind = {}', query.kind);
  if (query.status !== undefined) builder.add('status = {}', query.status);
  if (query.year !== undefined) builder.add('year = {}', query.year);
  if (query.field !== undefined) builder.add('field = {}', query.field);
  for (const word of searchWords(query.text)) builder.add("search_text LIKE {} ESCAPE '\\'", likePattern(word));
  return builder.build();
}

export function auditFilter(query: AuditQuery, placeholder: Placeholder, timeCast = ''): Filter {
  const builder = new FilterBuilder(placeholder);
  if (query.from !== undefined) builder.add(`at >= {}${timeCast}`, canonicalTime(query.from, 'from'));
  if (query.to !== undefined) builder.add(`at < {}${timeCast}`, canonicalTime(query.to, 'to'));
  if (query.userId !== undefined) builder.add('user_id = {}', query.userId);
  if (query.action !== undefined) builder.add('action = {}', query.action);
  return builder.build();
}
