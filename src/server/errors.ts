/** Errors as JSON with a stable code and a Vietnamese message; the service stays up. */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, ERROR_CATALOGUE, isAppError } from '../errors.js';
import { LegalBasisError } from '../lessons/service.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: string[] };
}

export function errorBody(code: keyof typeof ERROR_CATALOGUE, message?: string, details?: string[]): ErrorBody {
  return { error: { code, message: message ?? ERROR_CATALOGUE[code].message, ...(details ? { details } : {}) } };
}

/** Vietnamese messages for request validation problems. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.') || 'nội dung';
    if (issue.code === 'too_big') return `${field}: quá dài (tối đa ${String(issue.maximum)})`;
    if (issue.code === 'too_small') return `${field}: không được để trống`;
    if (issue.code === 'invalid_type') return `${field}: sai kiểu dữ liệu`;
    return `${field}: không hợp lệ`;
  });
}

export function handleErrors(logger: Logger) {
  return (error: unknown, _request: Request, response: Response, _next: NextFunction): void => {
    if (response.headersSent) return;
    const parserError = error as { type?: string; status?: number };
    if (parserError.type === 'entity.too.large') {
      response.status(413).json(errorBody('PAYLOAD_TOO_LARGE'));
      return;
    }
    if (parserError.type === 'entity.parse.failed') {
      response.status(400).json(errorBody('BAD_REQUEST', 'Nội dung gửi lên không phải JSON hợp lệ'));
      return;
    }
    if (error instanceof z.ZodError) {
      response.status(400).json(errorBody('BAD_REQUEST', undefined, describeIssues(error)));
      return;
    }
    if (error instanceof LegalBasisError) {
      response.status(error.status).json({ error: { code: error.code, message: error.message, unresolved: error.unresolved } });
      return;
    }
    if (isAppError(error)) {
      response.status(error.status).json(errorBody(error.code, error.message));
      return;
    }
    // A path with a broken percent-escape ("/api/documents/%E0%A4%A") is the client's error, not ours.
    if (error instanceof URIError || parserError.status === 400) {
      response.status(400).json(errorBody('BAD_REQUEST', 'Đường dẫn hoặc tham số có ký tự mã hoá sai'));
      return;
    }
    logger.error({ err: error }, 'unhandled error');
    response.status(500).json(errorBody('INTERNAL', new AppError('INTERNAL').message));
  };
}
