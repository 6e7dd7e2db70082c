/** Validation of what callers hand the store outside knowledge items; failures are BAD_REQUEST. */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { normalizeText } from '../../text/vietnamese.js';
import { USER_ROLES, type AuditInput, type FeedbackInput, type NewMessage, type User, type UserRole } from '../types.js';
import { canonicalTime } from './knowledgeRules.js';
import { auditDetailSchema, jsonValueSchema } from './records.js';

const cleanText = (max: number) =>
  z
    .string()
    .transform((value) => normalizeText(value).trim())
    .pipe(z.string().min(1).max(max));

const userInputSchema = z.object({ name: cleanText(100), role: z.enum(USER_ROLES) });

const feedbackSchema = z.object({
  question: cleanText(20_000),
  answer: z.string().max(200_000),
  rating: z.enum(['up', 'down']),
  comment: z.string().max(5_000).optional(),
  citations: z.array(z.string()).max(200).optional(),
  userId: z.string().min(1).optional(),
});

const auditSchema = z.object({
  action: cleanText(100),
  userId: z.string().min(1).optional(),
  question: z.string().max(20_000).optional(),
  sources: z.array(z.string()).max(500).optional(),
  detail: auditDetailSchema.optional(),
  at: z.string().optional(),
});

const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(200_000),
  payload: jsonValueSchema.nullable().optional(),
});

export const conversationTitleSchema = cleanText(300);

export function validInput<Output>(schema: z.ZodType<Output>, value: unknown, what: string): Output {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`).join('; ');
    throw new AppError('BAD_REQUEST', `${what}: ${problems}`);
  }
  return parsed.data;
}

/** The form names are compared in: NFC, single spaces, lower case ("Nguyễn  Văn A" = "nguyễn văn a"). */
export function userNameKey(name: string): string {
  return normalizeText(name).trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

export function validUser(name: string, role: UserRole): { name: string; role: UserRole; nameKey: string } {
  const valid = validInput(userInputSchema, { name, role }, 'người dùng');
  return { ...valid, nameKey: userNameKey(valid.name) };
}

const vietnameseOrder = new Intl.Collator('vi', { sensitivity: 'base' });

/** Users in Vietnamese alphabetical order of their names (Đ after D, not after Z). */
export function byUserName(first: User, second: User): number {
  return vietnameseOrder.compare(first.name, second.name) || (first.id < second.id ? -1 : first.id > second.id ? 1 : 0);
}

export function validFeedback(input: FeedbackInput): z.infer<typeof feedbackSchema> {
  return validInput(feedbackSchema, input, 'phản hồi');
}

export function validAudit(input: AuditInput): z.infer<typeof auditSchema> {
  return validInput(auditSchema, input, 'nhật ký');
}

export function validMessage(message: NewMessage): z.infer<typeof messageSchema> {
  return validInput(messageSchema, message, 'tin nhắn');
}

export function validTitle(title: string): string {
  return validInput(conversationTitleSchema, title, 'tiêu đề');
}

/**
 * An audit entry checked and laid out as the audit_log columns both stores write, in order:
 * at (now unless given), user_id, action, question, sources, detail.
 */
export function auditColumnValues(entry: AuditInput, now: () => string): [string, string | null, string, string | null, string, string] {
  const valid = validAudit(entry);
  return [valid.at === undefined ? now() : canonicalTime(valid.at, 'at'), valid.userId ?? null, valid.action, valid.question ?? null, JSON.stringify(valid.sources ?? []), JSON.stringify(valid.detail ?? {})];
}

/** A message's payload as stored: JSON text, or null when it has none. */
export function messagePayload(message: { payload?: NewMessage['payload'] | undefined }): string | null {
  return message.payload === undefined || message.payload === null ? null : JSON.stringify(message.payload);
}
