/** Typed errors of the store; their codes, HTTP statuses and Vietnamese messages live in src/errors.ts. */
import { AppError } from '../errors.js';

/** An optimistic update lost the race: the item is no longer at the version the caller read. */
export class StoreConflictError extends AppError {
  readonly itemId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;

  constructor(itemId: string, expectedVersion: number, actualVersion: number) {
    super('STORE_CONFLICT', `mục ${itemId} đang ở phiên bản ${actualVersion}, không phải ${expectedVersion}`);
    this.name = 'StoreConflictError';
    this.itemId = itemId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** Somebody tried to publish what they wrote themselves. */
export class ReviewerIsAuthorError extends AppError {
  readonly itemId: string;
  readonly userId: string;

  constructor(itemId: string, userId: string) {
    super('REVIEWER_IS_AUTHOR', `mục ${itemId}`);
    this.name = 'ReviewerIsAuthorError';
    this.itemId = itemId;
    this.userId = userId;
  }
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', what);
}
