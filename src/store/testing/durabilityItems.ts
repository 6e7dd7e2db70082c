/** The items the durability child writes, rebuilt from their number so the test can check them byte for byte. */
import type { NewKnowledgeItem } from '../types.js';

export const DURABILITY_ITEM_COUNT = 100;
export const DURABILITY_ACTOR = 'durability-writer';

export function durabilityItem(index: number): NewKnowledgeItem {
  return {
    kind: 'lesson',
    title: `Bài học kinh nghiệm số ${index}: kích hoạt SIM sai quy định`,
    year: 2026,
    field: 'Viễn thông',
    body: {
      index,
      tinhHuong: `Đoàn thanh tra phát hiện đại lý thứ ${index} bán SIM đã nhập sẵn thông tin thuê bao.`,
      xuLy: ['Lập biên bản vi phạm hành chính', 'Phạt tiền từ 30.000.000 đến 40.000.000 đồng'],
    },
    legalBasis: [{ label: 'Điểm b Khoản 7 Điều 34 Nghị định số 174/2026/NĐ-CP', unitId: 'nd-174-2026/d34/k7/b', textHash: `hash-${index}` }],
  };
}

/** One acknowledged write as the child prints it: `<id>\t<index>`. */
export function acknowledgementLine(id: string, index: number): string {
  return `${id}\t${index}\n`;
}
