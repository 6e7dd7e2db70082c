/**
 * The trainers' knowledge, as the API and the page write it: lessons learned (bài học kinh nghiệm),
 * inspection-method guides (hướng dẫn nghiệp vụ) and verified answers (câu trả lời chuẩn). The store
 * keeps them as knowledge items (kind, status, year, field, title, legal basis) with a kind-specific
 * body; these schemas are that body, checked on every write.
 */
import { z } from 'zod';

/** The fields of the sector a lesson or guide belongs to. */
export const KNOWLEDGE_FIELDS = [
  'Bưu chính',
  'Viễn thông',
  'Tần số vô tuyến điện',
  'Công nghệ thông tin và an toàn thông tin',
  'Giao dịch điện tử',
  'Báo chí',
  'Xuất bản',
  'Phát thanh, truyền hình',
  'Khiếu nại, tố cáo',
  'Nghiệp vụ thanh tra',
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const LessonBody = z.object({
  /** The situation or finding (tình huống, phát hiện). */
  situation: text(20_000),
  /** What was learned. */
  lesson: text(20_000),
  /** Recommendations, including gaps found in the law (kiến nghị hoàn thiện thể chế). */
  recommendation: z.string().trim().max(20_000).optional(),
  /** The unit that issued it (đơn vị ban hành). */
  issuingUnit: z.string().trim().max(300).optional(),
  /** Marked when the lesson is a sample written by the team, not a real finding. */
  sample: z.boolean().optional(),
});
export type LessonBody = z.infer<typeof LessonBody>;

export const GuideStep = z.object({
  title: text(500),
  text: text(10_000),
  /** References to provisions, each resolved like a legal basis ("Điều 13 Nghị định số 217/2025/NĐ-CP"). */
  legalBasis: z.array(text(300)).max(20).default([]),
});
export type GuideStep = z.infer<typeof GuideStep>;

export const GuideBody = z.object({
  summary: z.string().trim().max(5_000).optional(),
  steps: z.array(GuideStep).min(1).max(60),
  sample: z.boolean().optional(),
});
export type GuideBody = z.infer<typeof GuideBody>;

export const VerifiedBody = z.object({
  question: text(2_000),
  answer: text(20_000),
});
export type VerifiedBody = z.infer<typeof VerifiedBody>;

export const BODY_SCHEMAS = { lesson: LessonBody, guide: GuideBody, verified: VerifiedBody } as const;

/** How each kind is named to a reader. */
export const KIND_LABELS = { lesson: 'Bài học', guide: 'Hướng dẫn nghiệp vụ', verified: 'Câu trả lời chuẩn' } as const;
