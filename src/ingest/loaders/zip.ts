/**
 * A look inside a ZIP archive (a DOCX) before any reader unpacks it: the central directory is read,
 * the sizes it declares are checked against a limit, and each part is inflated with the output capped
 * at what is left of that limit, so an archive that lies about its sizes is caught too. A "zip bomb"
 * (a few kilobytes that inflate to gigabytes) is refused with the name of the part, and a cut or
 * damaged archive is refused before the DOCX reader sees it.
 */
import zlib from 'node:zlib';
import { LoadError } from '../../errors.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_ENTRIES = 20_000;

function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** The entries of the central directory; a file that is not a complete ZIP archive is refused. */
export function readZipDirectory(bytes: Buffer, file: string): ZipEntry[] {
  const corrupt = (detail: string): LoadError => new LoadError('DOCX_CORRUPT', file, detail);
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL_HEADER) {
    if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0) throw corrupt('tệp là định dạng Word cũ (.doc) hoặc DOCX có mật khẩu; hãy lưu lại thành .docx không mật khẩu');
    throw corrupt('không phải tệp nén ZIP (DOCX là một tệp ZIP)');
  }
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw corrupt('thiếu mục lục cuối tệp nén (tệp bị cắt cụt?)');
  let count = bytes.readUInt16LE(end + 10);
  let directorySize = bytes.readUInt32LE(end + 12);
  let directoryOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_END_LOCATOR) throw corrupt('mục lục ZIP64 không hợp lệ');
    const zip64End = Number(bytes.readBigUInt64LE(locator + 8));
    if (zip64End + 56 > bytes.length || bytes.readUInt32LE(zip64End) !== ZIP64_END_OF_DIRECTORY) throw corrupt('mục lục ZIP64 không hợp lệ');
    count = Number(bytes.readBigUInt64LE(zip64End + 32));
    directorySize = Number(bytes.readBigUInt64LE(zip64End + 40));
    directoryOffset = Number(bytes.readBigUInt64LE(zip64End + 48));
  }
  if (count > MAX_ENTRIES) throw corrupt(`có ${count} phần, quá nhiều cho một văn bản`);
  if (directoryOffset + directorySize > bytes.length) throw corrupt('mục lục trỏ ra ngoài tệp (tệp bị cắt cụt?)');
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) throw corrupt('mục lục tệp nén bị hỏng');
    const method = bytes.readUInt16LE(at + 10);
    let compressedSize = bytes.readUInt32LE(at + 20);
    let declaredSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    let localHeaderOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    // ZIP64: sizes that do not fit 32 bits are in the extra field 0x0001, in this order.
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = bytes.readUInt16LE(extra);
        const size = bytes.readUInt16LE(extra + 2);
        if (id === 0x0001) {
          let field = extra + 4;
          const next = (): number => {
            const value = field + 8 <= extra + 4 + size ? Number(bytes.readBigUInt64LE(field)) : 0;
            field += 8;
            return value;
          };
          if (declaredSize === 0xffffffff) declaredSize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
        }
        extra += 4 + size;
      }
    }
    entries.push({ name, method, compressedSize, declaredSize, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Checks that the archive unpacks to at most `maxUnpackedBytes` in all, by the sizes it declares and by
 * inflating each part with its output capped, and that every part is where the directory says.
 */
export function assertZipWithinLimit(bytes: Buffer, file: string, maxUnpackedBytes: number): ZipEntry[] {
  const entries = readZipDirectory(bytes, file);
  const tooLarge = (detail: string): LoadError => new LoadError('ARCHIVE_TOO_LARGE', file, detail);
  const declared = entries.reduce((sum, entry) => sum + entry.declaredSize, 0);
  if (declared > maxUnpackedBytes) {
    const largest = entries.reduce((a, b) => (b.declaredSize > a.declaredSize ? b : a));
    throw tooLarge(`khai báo giải nén ra ${megabytes(declared)} (phần lớn nhất "${largest.name}": ${megabytes(largest.declaredSize)}), giới hạn ${megabytes(maxUnpackedBytes)}`);
  }
  let budget = maxUnpackedBytes;
  for (const entry of entries) {
    const data = entryData(bytes, entry, file);
    let size: number;
    if (entry.method === 0) size = data.length;
    else if (entry.method === 8) {
      try {
        size = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (cause) {
        if (cause instanceof RangeError || (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw tooLarge(`phần "${entry.name}" khai báo ${megabytes(entry.declaredSize)} nhưng giải nén ra hơn ${megabytes(budget)} (giới hạn còn lại)`);
        }
        throw new LoadError('DOCX_CORRUPT', file, `phần "${entry.name}" không giải nén được`, { cause });
      }
    } else throw new LoadError('DOCX_CORRUPT', file, `phần "${entry.name}" dùng kiểu nén ${entry.method} không được hỗ trợ`);
    if (size !== entry.declaredSize) {
      throw new LoadError('DOCX_CORRUPT', file, `phần "${entry.name}" khai báo ${entry.declaredSize} byte nhưng giải nén ra ${size} byte`);
    }
    budget -= size;
  }
  return entries;
}

function entryData(bytes: Buffer, entry: ZipEntry, file: string): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) {
    throw new LoadError('DOCX_CORRUPT', file, `phần "${entry.name}" không nằm ở vị trí mục lục ghi (tệp bị hỏng hoặc cắt cụt)`);
  }
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const finish = start + entry.compressedSize;
  if (finish > bytes.length) throw new LoadError('DOCX_CORRUPT', file, `phần "${entry.name}" bị cắt cụt`);
  return bytes.subarray(start, finish);
}
