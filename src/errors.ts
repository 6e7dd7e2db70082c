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
  DOCX_CORRUPT: { status: 422, message: 'Tệp DOCX bị hỏng hoặc không phải DOCX' },
  FILE_TOO_LARGE: { status: 413, message: 'Tệp lớn hơn giới hạn cho phép (INGEST_MAX_FILE_MB)' },
  ARCHIVE_TOO_LARGE: { status: 413, message: 'Tệp nén giải ra quá lớn (INGEST_MAX_UNPACKED_MB); có thể là tệp "bom nén"' },
  NOT_A_FILE: { status: 422, message: 'Không phải tệp thông thường (thư mục đặc biệt, thiết bị, ống dẫn)' },
  SYMLINK_BROKEN: { status: 422, message: 'Liên kết tượng trưng trỏ tới tệp không tồn tại' },
  SYMLINK_LOOP: { status: 422, message: 'Liên kết tượng trưng tạo thành vòng lặp' },
  OUTSIDE_SOURCE: { status: 422, message: 'Đường dẫn trỏ ra ngoài thư mục nguồn; không đọc' },
  MANIFEST_INVALID: { status: 422, message: 'Tệp manifest.json không hợp lệ; các văn bản cạnh nó được nạp mà không có thông tin bổ sung' },
  SOURCE_NOT_FOUND: { status: 404, message: 'Không tìm thấy thư mục hoặc tệp nguồn' },
  SOURCE_NOT_INDEXED: { status: 404, message: 'Đường dẫn này không có trong chỉ mục' },
  INDEX_BUSY: { status: 409, message: 'Một lần nạp khác đang ghi chỉ mục này' },
  INDEX_CORRUPT: { status: 503, message: 'Chỉ mục bị hỏng' },
  INDEX_MISSING: { status: 503, message: 'Chưa có chỉ mục tri thức; hãy chạy "npm run ingest"' },
  INDEX_INCOMPATIBLE: { status: 503, message: 'Chỉ mục không khớp với cấu hình hiện tại; hãy chạy lại "npm run ingest -- --rebuild"' },
  EMBEDDING_DIMENSION_MISMATCH: { status: 503, message: 'Số chiều véc-tơ của bộ nhúng không khớp với chỉ mục' },
  EMBEDDING_FAILED: { status: 502, message: 'Dịch vụ nhúng véc-tơ không phản hồi đúng' },
  RERANK_FAILED: { status: 502, message: 'Dịch vụ xếp hạng lại không phản hồi đúng; giữ thứ tự tìm kiếm ngoại tuyến' },
  BAD_REQUEST: { status: 400, message: 'Yêu cầu không hợp lệ' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Nội dung gửi lên quá lớn' },
  NOT_FOUND: { status: 404, message: 'Không tìm thấy' },
  REFERENCE_NOT_FOUND: { status: 404, message: 'Không tìm thấy điều khoản được dẫn chiếu' },
  INTERNAL: { status: 500, message: 'Lỗi hệ thống' },
  UNAUTHORIZED: { status: 401, message: 'Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization: Bearer <mã>' },
  FORBIDDEN: { status: 403, message: 'Tài khoản của bạn không có quyền dùng chức năng này' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Phương thức không được hỗ trợ cho đường dẫn này' },
  RATE_LIMITED: { status: 429, message: 'Quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau ít phút' },
  UPLOAD_TOO_LARGE: { status: 413, message: 'Tệp tải lên lớn hơn giới hạn cho phép (UPLOAD_MAX_MB)' },
  UPLOAD_TYPE_UNKNOWN: { status: 415, message: 'Không nhận ra loại tệp từ nội dung; chỉ nhận PDF, DOCX, HTML, Markdown, văn bản thuần (UTF-8/UTF-16) hoặc ảnh quét PNG/JPEG/TIFF' },
  UPLOAD_TYPE_MISMATCH: { status: 415, message: 'Nội dung tệp không khớp với đuôi tên tệp' },
  UPLOAD_QUEUE_FULL: { status: 429, message: 'Đang có quá nhiều tệp chờ nạp; vui lòng thử lại sau' },
  UPLOAD_DUPLICATE: { status: 409, message: 'Văn bản này đã có trong kho' },
  UPLOAD_NO_UNITS: { status: 422, message: 'Không tìm thấy điều, khoản nào trong văn bản; chưa nạp' },
  UPLOAD_NUMBER_MISSING: { status: 422, message: 'Không tìm thấy số hiệu văn bản ở phần đầu văn bản; chưa nạp' },
  UPLOAD_INTERRUPTED: { status: 500, message: 'Quá trình nạp văn bản bị dừng giữa chừng; chỉ mục giữ nguyên' },
  LEGAL_BASIS_UNKNOWN: { status: 422, message: 'Căn cứ pháp lý không tìm thấy trong kho văn bản' },
  PORT_IN_USE: { status: 500, message: 'Cổng đã có chương trình khác sử dụng' },
  STORE_CONFLICT: { status: 409, message: 'Nội dung đã được người khác thay đổi; hãy tải lại rồi sửa tiếp' },
  REVIEWER_IS_AUTHOR: { status: 409, message: 'Người duyệt không được là tác giả của nội dung' },
  USER_EXISTS: { status: 409, message: 'Tên người dùng đã tồn tại' },
  STORE_UNAVAILABLE: { status: 503, message: 'Không kết nối được cơ sở dữ liệu' },
  STORE_CORRUPT: { status: 500, message: 'Dữ liệu trong cơ sở dữ liệu không hợp lệ' },
  STORE_SCHEMA_TOO_NEW: { status: 500, message: 'Cơ sở dữ liệu thuộc phiên bản mới hơn chương trình; hãy cập nhật chương trình' },
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

/** A file of an index on disk that is missing, cut short or altered: `file` names it (absolute path). */
export class IndexCorruptError extends AppError {
  readonly file: string;

  constructor(file: string, detail: string, options?: { cause?: unknown }) {
    super('INDEX_CORRUPT', `${file}: ${detail}`, options);
    this.name = 'IndexCorruptError';
    this.file = file;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
