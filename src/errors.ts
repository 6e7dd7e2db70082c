/**
 * The error catalogue: every error the product raises on purpose has a stable code, an HTTP
 * status and a Vietnamese message a user can act on.
 */

export const ERROR_CATALOGUE = {
  CONFIG_INVALID: { status: 500, message: 'Cấu hình không hợp lệ' },
  FILE_UNREADABLE: { status: 422, message: 'Không đọc được tệp' },
  FILE_EMPTY: { status: 422, message: 'Tệp rỗng hoặc không có nội dung văn bản' },
  PDF_NO_TEXT: { status: 422, message: 'Tệp PDF không có lớp văn bản (bản quét); cần nhận dạng ký tự (OCR) trước khi nạp' },
  PDF_CORRUPT: { status: 422, message: 'Tệp PDF bị hỏng, không đọc được' },
  OCR_UNAVAILABLE: { status: 503, message: 'Máy chủ chưa cài công cụ nhận dạng ký tự (OCR) cho bản quét' },
  FORMAT_UNKNOWN: { status: 415, message: 'Định dạng tệp không được hỗ trợ' },
  ENCODING_UNKNOWN: { status: 422, message: 'Không nhận ra bảng mã của tệp (không phải UTF-8/UTF-16)' },
  INDEX_MISSING: { status: 503, message: 'Chưa có chỉ mục tri thức; hãy chạy "npm run ingest"' },
  INDEX_INCOMPATIBLE: { status: 503, message: 'Chỉ mục không khớp với cấu hình hiện tại; hãy chạy lại "npm run ingest -- --rebuild"' },
  EMBEDDING_DIMENSION_MISMATCH: { status: 503, message: 'Số chiều véc-tơ của bộ nhúng không khớp với chỉ mục' },
  EMBEDDING_FAILED: { status: 502, message: 'Dịch vụ nhúng véc-tơ không phản hồi đúng' },
  LLM_FAILED: { status: 502, message: 'Dịch vụ mô hình ngôn ngữ không phản hồi' },
  BAD_REQUEST: { status: 400, message: 'Yêu cầu không hợp lệ' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Nội dung gửi lên quá lớn' },
  NOT_FOUND: { status: 404, message: 'Không tìm thấy' },
  REFERENCE_NOT_FOUND: { status: 404, message: 'Không tìm thấy điều khoản được dẫn chiếu' },
  INTERNAL: { status: 500, message: 'Lỗi hệ thống' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry = ERROR_CATALOGUE[code];
    super(detail ? `${entry.message}: ${detail}` : entry.message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.detail = detail;
  }
}

/** A source file that could not be turned into text; the ingest reports it and goes on. */
export class LoadError extends AppError {
  readonly file: string;

  constructor(code: ErrorCode, file: string, detail?: string, options?: { cause?: unknown }) {
    super(code, detail, options);
    this.name = 'LoadError';
    this.file = file;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
