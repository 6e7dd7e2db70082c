import { describe, expect, it } from 'vitest';
import { decodeVietnameseText, encodeLegacy, fromTcvn3, fromVni, isVietnameseSyllable, vietnameseScore } from './legacyEncoding.js';

/** A sample with every toned vowel, đ/Đ, capitals lines and mixed-case words. */
const SAMPLE = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Điều 5. Xử phạt vi phạm hành chính về viễn thông',
  '1. Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng đối với hành vi kích hoạt sẵn SIM thuê bao.',
  'a) Người đứng đầu cơ quan được giao thực hiện chức năng thanh tra chuyên ngành;',
  'đ) Ưu tiên giữ gìn trật tự, quyết định khiếu nại ở huyện, xã; nghĩa vụ khỏe mạnh, thuở ấy, ổn định, ỷ lại, kỹ thuật, ý kiến, lặng lẽ, ngẫm nghĩ, bổ sung, hiếu thảo, quẫn bách, suy thoái, tuyển dụng, khuỷu tay, ngoằn ngoèo, thưởng phạt, cứu trợ, mười, ẵm, ặc, ẳng, ằng, ắt, ỵ.',
].join('\n');

describe('legacy Vietnamese encodings', () => {
  it('TCVN3: bytes typed in .VnTime fonts come back as the Unicode text, capitals lines included', () => {
    const bytes = encodeLegacy(SAMPLE, 'tcvn3');
    expect(bytes.toString('latin1')).toContain('§iÒu 5'); // what a Latin-1 reader sees
    const decoded = decodeVietnameseText(bytes);
    expect(decoded).toEqual({ text: SAMPLE, encoding: 'tcvn3', converted: true });
  });

  it('VNI: bytes typed in VNI fonts come back as the Unicode text', () => {
    const bytes = encodeLegacy(SAMPLE, 'vni');
    expect(bytes.toString('latin1')).toContain('Ñieàu 5');
    expect(decodeVietnameseText(bytes)).toEqual({ text: SAMPLE, encoding: 'vni', converted: true });
  });

  it('a VNI or TCVN3 text saved again as UTF-8 (Latin-1 characters in a valid UTF-8 file) is converted too', () => {
    for (const encoding of ['vni', 'tcvn3'] as const) {
      const savedAsUtf8 = Buffer.from(encodeLegacy(SAMPLE, encoding).toString('latin1'), 'utf8');
      expect(new TextDecoder('utf-8', { fatal: true }).decode(savedAsUtf8)).not.toContain('Điều');
      expect(decodeVietnameseText(savedAsUtf8)).toEqual({ text: SAMPLE, encoding, converted: true });
    }
  });

  it('Windows-1258 (combining tone marks) is read and composed', () => {
    // "Việt Nam" in Windows-1258: V i ê (0xEA) + combining dot below (0xF2) t, then " Nam" and a longer sample.
    const words = Buffer.from([0x56, 0x69, 0xea, 0xf2, 0x74, 0x20, 0x4e, 0x61, 0x6d, 0x20]);
    const decoded = decodeVietnameseText(Buffer.concat(Array.from({ length: 5 }, () => words)));
    expect(decoded?.encoding).toBe('windows-1258');
    expect(decoded?.text.startsWith('Việt Nam Việt Nam')).toBe(true);
  });

  it('UTF-16 LE and BE, with and without a byte-order mark', () => {
    const le = Buffer.from(SAMPLE, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeVietnameseText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toEqual({ text: SAMPLE, encoding: 'utf-16le', converted: false });
    expect(decodeVietnameseText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ text: SAMPLE, encoding: 'utf-16be', converted: false });
    expect(decodeVietnameseText(le)).toEqual({ text: SAMPLE, encoding: 'utf-16le', converted: false });
    expect(decodeVietnameseText(be)).toEqual({ text: SAMPLE, encoding: 'utf-16be', converted: false });
  });

  it('leaves Unicode Vietnamese alone and refuses bytes that are no Vietnamese in any encoding', () => {
    expect(decodeVietnameseText(Buffer.from(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-8', converted: false });
    expect(decodeVietnameseText(Buffer.from(`\ufeff${SAMPLE}`))?.text).toBe(SAMPLE);
    expect(decodeVietnameseText(Buffer.from([0x43, 0xe1, 0xbb, 0xff, 0xfe, 0x20, 0x80]))).toBeUndefined();
    // Reading real Unicode text as TCVN3 would ruin it, and the VNI reading is never better: the scores say so.
    const own = vietnameseScore(SAMPLE);
    expect(own.others).toBe(0);
    expect(vietnameseScore(fromTcvn3(SAMPLE)).others).toBeGreaterThan(5);
    expect(vietnameseScore(fromVni(SAMPLE)).syllables).toBeLessThanOrEqual(own.syllables);
  });

  it('knows a Vietnamese syllable from gibberish', () => {
    for (const word of ['nghĩa', 'người', 'quyết', 'khuỷu', 'giữ', 'Điều', 'TRƯỜNG', 'xoá', 'thuở', 'ngoằn']) expect(isVietnameseSyllable(word), word).toBe(true);
    for (const word of ['Ñieàu', 'chænh', 'iÒu', 'LuËt', 'ngĩã', 'ươă']) expect(isVietnameseSyllable(word), word).toBe(false);
  });
});
