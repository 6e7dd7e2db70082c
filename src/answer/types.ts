/** What every answerer returns, offline or generative. */
import type { LegalRef } from '../legal/types.js';
import type { ValidityStatus } from '../legal/validity.js';

export interface Citation {
  n: number;
  ref: LegalRef;
  label: string;
  /** An exact span of the unit's text that supports the claim. */
  quote: string;
  /** Every span the answer quotes from this unit (the first is `quote`), each verbatim. */
  spans: string[];
  title: string;
  inForce: boolean;
  status: ValidityStatus;
  /** Reader's note on validity ("Hết hiệu lực từ 01/07/2025 ..."). */
  validityNote: string;
  /** The text was recognised from a scan: "văn bản nhận dạng từ bản quét — đối chiếu bản gốc". */
  scanned?: string;
  unitId: string;
}

export type AnswerMode = 'extractive' | 'generative';

/** A grounded answer; the provisions likely to apply, for the inspector to read; or a decline (outside the corpus). */
export type AnswerOutcome = 'answer' | 'likely' | 'decline';

export interface ChatAnswer {
  /** The whole answer as text: the short answer, then the quoted provisions and notes. */
  answer: string;
  /** The short answer alone (the opening sentences with their markers). */
  short: string;
  outcome: AnswerOutcome;
  citations: Citation[];
  grounded: boolean;
  mode: AnswerMode;
  /** Confidence that the first provision is the right one (0..1), from the fitted model. */
  confidence: number;
  asOf: string;
  /** Set when the answer is a verified answer written by trainers or legal staff. */
  verified?: { label: string; approvedBy: string; approvedAt: string };
  /** Said when the generative answer could not be used and the offline one stands in. */
  notice?: string;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  message: string;
  history?: ChatTurn[];
  asOf?: string;
}

export interface Answerer {
  readonly mode: AnswerMode;
  answer(request: ChatRequest): Promise<ChatAnswer>;
}
