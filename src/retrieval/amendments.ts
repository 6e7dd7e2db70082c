/**
 * Which articles of the corpus another text of the corpus amends: an article of an amending document
 * whose title names the amended article ("Điều 7. Sửa đổi, bổ sung Điều 23 như sau") carries the new
 * wording of that article of the document it amends. Found once per knowledge base.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { unitLabel, type LegalUnit } from '../legal/units.js';

export interface Amendment {
  /** The amending article's label ("Điều 7 Nghị định số 156/2026/NĐ-CP"). */
  label: string;
  /** The first unit of the amending article. */
  unitId: string;
  /** The amending document. */
  document: string;
  effective?: string;
}

/** "Điều 5" and not "Điều 50" or "Điều 5a". */
function articlePattern(article: string): string {
  return `Điều\\s+${article.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}(?![a-zđ\\d])`;
}

function namesArticle(title: string, article: string): boolean {
  return new RegExp(`(?:Sửa đổi|Bổ sung|Bãi bỏ|sửa đổi|bổ sung|bãi bỏ)[^\\n]*?${articlePattern(article)}`, 'u').test(title);
}

export class Amendments {
  private readonly knowledge: KnowledgeBase;
  private readonly cache = new Map<string, Amendment[]>();

  constructor(knowledge: KnowledgeBase) {
    this.knowledge = knowledge;
  }

  /** The articles of corpus texts that amend Điều `article` of `document`, whenever they take effect. */
  ofArticle(document: string, article: string): Amendment[] {
    const key = `${document}|${article}`;
    let found = this.cache.get(key);
    if (found) return found;
    found = [];
    const record = this.knowledge.documents.get(document);
    for (const amender of record?.amendedBy ?? []) {
      const amending = this.knowledge.documents.get(amender);
      const seen = new Set<string>();
      for (const candidate of this.knowledge.unitsOfDocument(amender)) {
        if (!candidate.ref.article || seen.has(candidate.ref.article) || !namesArticle(candidate.articleTitle, article)) continue;
        seen.add(candidate.ref.article);
        found.push({
          label: unitLabel({ ...candidate, ref: { document: candidate.ref.document, article: candidate.ref.article } }),
          unitId: candidate.id,
          document: amender,
          ...(amending?.effective ? { effective: amending.effective } : {}),
        });
      }
    }
    this.cache.set(key, found);
    return found;
  }

  /**
   * The provision of `by` that states the end of `document` (or of its Điều `article`): the most
   * specific unit of `by` that names the document's number — and the Điều, when one is asked and
   * some unit names it ("đ) Điều 7 Luật Tần số vô tuyến điện số 42/2009/QH12"). Undefined when `by`
   * is not in the corpus or never names the document.
   */
  statingUnit(by: string, document: string, article?: string): LegalUnit | undefined {
    const naming = this.knowledge.unitsOfDocument(by).filter((unit) => unit.text.includes(document));
    if (naming.length === 0) return undefined;
    const namesArticle = article ? new RegExp(articlePattern(article), 'u') : undefined;
    const specific = namesArticle ? naming.filter((unit) => namesArticle.test(unit.text)) : [];
    // A unit that says what happens to the text (repeals, ends, replaces, amends it) before one that only mentions it.
    const ending = naming.filter((unit) => /bãi bỏ|hết hiệu lực|thay thế/iu.test(unit.text));
    const amending = naming.filter((unit) => /sửa đổi, bổ sung/iu.test(unit.text));
    const pool = specific.length > 0 ? specific : ending.length > 0 ? ending : amending.length > 0 ? amending : naming;
    const depth = (unit: LegalUnit): number => (unit.ref.point ? 3 : unit.ref.clause ? 2 : 1);
    return [...pool].sort((p, q) => depth(q) - depth(p) || p.text.length - q.text.length)[0];
  }

  /** Whether an amendment of this article is in force on `asOf`: the article's own words are then superseded. */
  supersededOn(document: string, article: string | undefined, asOf: string): Amendment | undefined {
    if (!article) return undefined;
    return this.ofArticle(document, article).find((amendment) => !amendment.effective || amendment.effective <= asOf);
  }
}
