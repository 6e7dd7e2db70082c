/**
 * Bearer tokens of the form `tlt.<userId>.<secret>`: the secret is 32 random bytes in base64url,
 * only its SHA-256 is stored, and a presented token is checked against that hash in constant time.
 */
import crypto from 'node:crypto';

export const TOKEN_PREFIX = 'tlt';
const SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface NewSecret {
  token: string;
  hash: string;
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function issueToken(userId: string): NewSecret {
  const secret = crypto.randomBytes(SECRET_BYTES).toString('base64url');
  return { token: `${TOKEN_PREFIX}.${userId}.${secret}`, hash: hashSecret(secret) };
}

export interface ParsedToken {
  userId: string;
  secret: string;
}

/** The parts of a well-formed token, or null. */
export function parseToken(token: string): ParsedToken | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  const [prefix, userId, secret] = parts;
  if (prefix !== TOKEN_PREFIX || !userId || !secret || !SECRET_PATTERN.test(secret)) return null;
  return { userId, secret };
}

/** Constant-time comparison of a presented secret with a stored hash (hex SHA-256). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  if (stored.length !== presented.length) return false;
  return crypto.timingSafeEqual(presented, stored);
}
