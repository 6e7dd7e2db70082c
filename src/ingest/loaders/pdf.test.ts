import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VAN_BAN } from '../../../test/paths.js';
import { checkSyllables } from '../../text/syllableCheck.js';
import { buildDocuments } from '../build.js';
import { loadFile } from './index.js';

const LAW_84 = path.join(VAN_BAN, 'luat-thanh-tra-84-2025-qh15.pdf');

describe('PDF text layer with detached accented glyphs (84/2025/QH15)', async () => {
  const [document] = await loadFile(fs.readFileSync(LAW_84), LAW_84);
  const text = document?.text ?? '';

  it.each([
    ['Thời gian tạm dừng thanh tra', 'Thời gia nạt m dừng'],
    ['bị tạm giữ', 'b t m giị ạữ'],
    ['bằng văn bản', 'vă nả b n'],
    ['thanh tra, bảo đảm', 'thanh tra,ả b o đảm'],
    ['cơ quan ngang Bộ, Ủy ban nhân dân', 'B ,ộ Ủy'],
    ['ngày 30 tháng 9 hằng năm', '9ằh ng'],
  ])('reads "%s" (was "%s")', (right, garbled) => {
    expect(text).toContain(right);
    expect(text).not.toContain(garbled);
  });

  it('every unit is written in Vietnamese syllables (non-syllable tokens under 0.1%)', () => {
    const { units } = buildDocuments(document ?? { file: LAW_84, format: 'pdf', text: '' });
    expect(units.length).toBeGreaterThan(150);
    const report = checkSyllables(units.map((unit) => unit.text).join('\n'));
    expect(report.tokens).toBeGreaterThan(15000);
    expect(report.share).toBeLessThan(0.001);
  });
});
