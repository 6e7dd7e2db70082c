import { describe, expect, it } from 'vitest';
import { groupGaps, type GapSignal } from './gaps.js';

const signal = (question: string, reason: GapSignal['reason'], at: string): GapSignal => ({ question, reason, at });

describe('groupGaps', () => {
  const DEADLINE = 'Thời hạn thanh tra là bao lâu?';
  const signals = [
    signal(DEADLINE, 'likely', '2030-01-01T08:00:00Z'),
    signal('Bán SIM kích hoạt sẵn bị phạt bao nhiêu?', 'decline', '2030-01-02T08:00:00Z'),
    signal(DEADLINE, 'decline', '2030-01-03T08:00:00Z'),
    signal('Cho em hỏi thời hạn thanh tra tối đa bao lâu ạ?', 'thumbs-down', '2030-01-04T08:00:00Z'),
    signal('Là gì?', 'decline', '2030-01-05T08:00:00Z'),
  ];

  it('groups similar questions with their count, reasons, examples and latest time, most frequent first', () => {
    const gaps = groupGaps(signals);
    expect(gaps).toEqual([
      {
        question: DEADLINE,
        count: 3,
        reasons: { likely: 1, decline: 1, 'thumbs-down': 1 },
        examples: [DEADLINE, 'Cho em hỏi thời hạn thanh tra tối đa bao lâu ạ?'],
        lastAt: '2030-01-04T08:00:00Z',
      },
      {
        question: 'Bán SIM kích hoạt sẵn bị phạt bao nhiêu?',
        count: 1,
        reasons: { likely: 0, decline: 1, 'thumbs-down': 0 },
        examples: ['Bán SIM kích hoạt sẵn bị phạt bao nhiêu?'],
        lastAt: '2030-01-02T08:00:00Z',
      },
    ]);
  });

  it('leaves out questions without content words, and keeps at most `limit` groups', () => {
    expect(groupGaps([signal('Là gì?', 'decline', '2030-01-01')])).toEqual([]);
    expect(groupGaps(signals, 1).map((gap) => gap.count)).toEqual([3]);
  });

  it('orders groups of the same size by their latest signal', () => {
    const gaps = groupGaps([signal('Thời hạn thanh tra', 'likely', '2030-01-01'), signal('Mức phạt bán SIM', 'likely', '2030-02-01')]);
    expect(gaps.map((gap) => gap.question)).toEqual(['Mức phạt bán SIM', 'Thời hạn thanh tra']);
  });
});
