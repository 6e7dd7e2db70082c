import { describe, expect, it } from 'vitest';
import { appliesTo, fineIn, fineScopeRule, readSanctionClause, targetsIn } from './sanctions.js';

/** A clause as the index keeps it: its text and its Điểm offsets. */
function clause(text: string): { text: string; points: Array<{ letter: string; start: number; end: number }> } {
  const points: Array<{ letter: string; start: number; end: number }> = [];
  for (const match of text.matchAll(/^([a-zđ])\) .*$/gmu)) {
    const start = match.index ?? 0;
    points.push({ letter: match[1] as string, start, end: start + match[0].length });
  }
  return { text, points };
}

describe('fine clauses', () => {
  it('reads the range, the offender the clause names, and the acts as its points', () => {
    const read = readSanctionClause(
      clause(
        '9. Phạt tiền từ 80.000.000 đồng đến 100.000.000 đồng đối với doanh nghiệp viễn thông di động khi vi phạm một trong các hành vi sau:\n' +
          'a) Ký hợp đồng ủy quyền với tổ chức không phải là doanh nghiệp;\nb) Chấp nhận thông tin thuê bao do điểm không được ủy quyền cung cấp.',
      ),
    );
    expect(read?.kind).toBe('fine');
    if (read?.kind !== 'fine') return;
    expect(read.fine).toEqual({ from: '80.000.000', to: '100.000.000', text: 'từ 80.000.000 đồng đến 100.000.000 đồng' });
    expect(read.offender).toBe('doanh nghiệp viễn thông di động');
    expect(read.acts.map((a) => a.point)).toEqual(['a', 'b']);
    expect(read.acts[1]?.text).toBe('Chấp nhận thông tin thuê bao do điểm không được ủy quyền cung cấp.');
  });

  it('reads an act written in the clause itself, and an offender written before the range', () => {
    const single = readSanctionClause(clause('10. Phạt tiền từ 80.000.000 đồng đến 100.000.000 đồng đối với hành vi sử dụng phần mềm để giả mạo thông tin.'));
    expect(single?.kind === 'fine' && single.acts[0]?.text).toBe('sử dụng phần mềm để giả mạo thông tin');
    expect(fineIn('1. Phạt tiền thuê bao viễn thông từ 200.000 đồng đến 500.000 đồng đối với mỗi số thuê bao')?.offender).toBe('thuê bao viễn thông');
  });

  it('reads points that carry their own ranges', () => {
    const read = readSanctionClause(clause('2. Phạt tiền do vi phạm một trong các hành vi quy định tại khoản 1 Điều này theo mức phạt sau:\na) Phạt tiền từ 5.000.000 đồng đến 10.000.000 đồng trong trường hợp từ 11 đến 200 số thuê bao;'));
    expect(read?.kind === 'fine' && read.acts[0]?.fine?.to).toBe('10.000.000');
  });

  it('is not fooled by a duty clause', () => {
    expect(readSanctionClause(clause('1. Doanh nghiệp viễn thông có trách nhiệm lưu giữ thông tin thuê bao.'))).toBeUndefined();
  });
});

describe('additional sanctions and remedial measures', () => {
  it('follow the internal cross-references to the acts they apply to', () => {
    expect(targetsIn('đối với các hành vi vi phạm quy định tại khoản 2, điểm a khoản 3, khoản 4, các điểm a và b khoản 7 và khoản 10 Điều này;')).toEqual([
      { clause: '2' },
      { clause: '3', point: 'a' },
      { clause: '4' },
      { clause: '7', point: 'a' },
      { clause: '7', point: 'b' },
      { clause: '10' },
    ]);
    expect(targetsIn('đối với hành vi vi phạm quy định tại khoản 1 Điều 5 Nghị định này')).toEqual([]);
    const read = readSanctionClause(
      clause('12. Hình thức xử phạt bổ sung:\na) Tịch thu tang vật, phương tiện vi phạm hành chính đối với hành vi vi phạm quy định tại khoản 7 Điều này;\nb) Đình chỉ hoạt động từ 01 tháng đến 03 tháng đối với hành vi vi phạm quy định tại điểm c khoản 4 Điều này.'),
    );
    expect(read?.kind).toBe('additional');
    if (read?.kind !== 'additional') return;
    const [first, second] = read.items;
    expect(first && appliesTo(first, '7', 'b')).toBe(true);
    expect(second && appliesTo(second, '4', 'c')).toBe(true);
    expect(second && appliesTo(second, '4', 'a')).toBe(false);
  });

  it('reads a remedial-measure clause with no points', () => {
    const read = readSanctionClause(clause('13. Biện pháp khắc phục hậu quả: Buộc nộp lại số lợi bất hợp pháp có được do thực hiện hành vi vi phạm quy định tại các khoản 3 và 4 Điều này.'));
    expect(read?.kind === 'remedial' && read.items[0]?.targets).toEqual([{ clause: '3' }, { clause: '4' }]);
  });
});

describe('the fine-scope rule', () => {
  it('finds the sentence that says individuals pay half', () => {
    const units = [
      { id: 'a', text: '1. Thời hiệu xử phạt là 01 năm.' },
      { id: 'b', text: '3. Mức phạt tiền quy định tại Chương II được áp dụng đối với tổ chức. Trường hợp cá nhân có hành vi vi phạm như của tổ chức thì mức phạt tiền bằng 1/2 mức phạt tiền đối với tổ chức.' },
    ];
    const rule = fineScopeRule(units);
    expect(rule?.unit.id).toBe('b');
    expect(rule?.sentence).toBe('Trường hợp cá nhân có hành vi vi phạm như của tổ chức thì mức phạt tiền bằng 1/2 mức phạt tiền đối với tổ chức.');
    expect(fineScopeRule(units.slice(0, 1))).toBeUndefined();
  });
});
