import { describe, expect, it } from 'vitest';
import { dropStrayQuotes, dropSymbolRuns, removeStrayFullStops, repairClauseMarkers } from './structureRepair.js';

describe('repairClauseMarkers', () => {
  it('puts back Khoản numbers read as look-alikes where the numbering is due', () => {
    const text = ['Điều 4. Nguyên tắc', '1. Tuân theo pháp luật.', 'ay Không làm cản trở hoạt động.', '3S Không trùng lặp.', 'Điều 5. Chức năng', '1. Giúp Bộ trưởng.', 'si Giúp Chính phủ.'].join('\n');
    expect(repairClauseMarkers(text).split('\n')).toEqual([
      'Điều 4. Nguyên tắc',
      '1. Tuân theo pháp luật.',
      '2. Không làm cản trở hoạt động.',
      '3. Không trùng lặp.',
      'Điều 5. Chức năng',
      '1. Giúp Bộ trưởng.',
      '2. Giúp Chính phủ.',
    ]);
  });

  it('mends a Khoản number whose stop was misread, even when the Khoản before lost its number', () => {
    const text = ['Điều 12. Vị trí', '1: Giúp Bộ trưởng quản lý.', '2, Thanh tra Bộ Quốc phòng.', 'Điều 29. Xử lý vi phạm', 'Người tiến hành thanh tra phải áp dụng biện pháp.', '2S Trường hợp phát hiện dấu hiệu tội phạm.'].join('\n');
    expect(repairClauseMarkers(text).split('\n')).toEqual([
      'Điều 12. Vị trí',
      '1. Giúp Bộ trưởng quản lý.',
      '2. Thanh tra Bộ Quốc phòng.',
      'Điều 29. Xử lý vi phạm',
      'Người tiến hành thanh tra phải áp dụng biện pháp.',
      '2. Trường hợp phát hiện dấu hiệu tội phạm.',
    ]);
  });

  it('puts back Điểm letters read as symbols', () => {
    const text = ['1. Các hành vi sau đây:', 'e) Làm sai;', 'ø) Che giấu;', 'h) Can thiệp;', '¡) Tiết lộ.'].join('\n');
    expect(repairClauseMarkers(text).split('\n')).toEqual(['1. Các hành vi sau đây:', 'e) Làm sai;', 'g) Che giấu;', 'h) Can thiệp;', 'i) Tiết lộ.']);
  });

  it('leaves sentences and wrapped lines alone', () => {
    const text = ['Điều 6. Phạm vi', '1. Cơ quan thanh tra có nhiệm vụ sau', 'và Ủy ban nhân dân cấp tỉnh.', 'Bộ Công an chủ trì;', 'và Ủy ban nhân dân cấp huyện.', 'Các cơ quan phối hợp.'].join('\n');
    expect(repairClauseMarkers(text)).toBe(text);
  });
});

describe('removeStrayFullStops', () => {
  it('drops a full stop that a lower-case line goes on from', () => {
    expect(removeStrayFullStops('bảo đảm quyền.\nvà lợi ích\nhết câu.\nCâu mới')).toBe('bảo đảm quyền\nvà lợi ích\nhết câu.\nCâu mới');
  });
});

describe('stray marks', () => {
  it('drops runs of symbols read from stacked diacritics', () => {
    expect(dropSymbolRuns('phá sản mà ˆ^ z 2 # z ^ ` ~“ ` ^ ` ~ không có cơ quan, 1. a) b)')).toBe('phá sản mà không có cơ quan, 1. a) b)');
  });

  it('drops unclosed quotation marks in mid-line but keeps real quotations', () => {
    expect(dropStrayQuotes('dấu hiệu tội phạm thì “Trưởng đoàn thanh tra phải báo cáo')).toBe('dấu hiệu tội phạm thì Trưởng đoàn thanh tra phải báo cáo');
    expect(dropStrayQuotes('có trách nhiệm phối "hợp để bảo đảm')).toBe('có trách nhiệm phối hợp để bảo đảm');
    expect(dropStrayQuotes('".Cơ quan thanh tra được trích')).toBe('Cơ quan thanh tra được trích');
    for (const kept of ['Bãi bỏ cụm từ “Thanh tra,” tại điểm e', 'Sửa đổi khoản 2 Điều 5 như sau: “2. Cơ quan', '“Điều 5. Phạm vi']) expect(dropStrayQuotes(kept)).toBe(kept);
  });
});
