/**
 * The contract every Store implementation passes. Each backend's test file calls
 * `runStoreContract` with a factory of empty databases; every test gets its own.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewerIsAuthorError, StoreConflictError } from './errors.js';
import { openStore, type OpenStoreOptions } from './index.js';
import { DURABILITY_ACTOR, DURABILITY_ITEM_COUNT, durabilityItem } from './testing/durabilityItems.js';
import type { KnowledgeChange, KnowledgeItem, NewKnowledgeItem, Store } from './types.js';

export interface StoreFixture {
  /** Where the empty database is; `openStore(location)` opens it (as often as a test likes). */
  location: OpenStoreOptions;
  dispose(): Promise<void>;
}

export interface StoreContractOptions {
  /** A fresh, empty database per call. */
  createFixture(): Promise<StoreFixture>;
}

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DURABILITY_CHILD = path.join(PROJECT_ROOT, 'src/store/testing/durabilityChild.ts');

/** Polls until `read` returns a value, or fails after `timeoutMs`. */
export async function eventually<Value>(read: () => Value | undefined, timeoutMs = 2000, what = 'condition'): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const LESSON: NewKnowledgeItem = {
  kind: 'lesson',
  title: 'Kích hoạt SIM sai quy định tại đại lý',
  year: 2025,
  field: 'Viễn thông',
  body: {
    tinhHuong: 'Đại lý bán SIM đã nhập sẵn thông tin thuê bao; nhân viên không được doanh nghiệp ủy quyền.',
    baiHoc: ['Kiểm tra hợp đồng đại lý', 'Đối chiếu danh sách điểm cung cấp dịch vụ'],
    mucPhat: { toChuc: 30_000_000, caNhan: 15_000_000 },
  },
  legalBasis: [{ label: 'Điểm b Khoản 7 Điều 34 Nghị định số 174/2026/NĐ-CP', unitId: 'nd-174-2026/d34/k7/b', textHash: 'sha256:abc' }],
};

const GUIDE: NewKnowledgeItem = {
  kind: 'guide',
  title: 'Hướng dẫn thanh tra tần số vô tuyến điện',
  year: 2024,
  field: 'Tần số',
  body: { buoc: ['Chuẩn bị máy đo', 'Lập biên bản'] },
};

const VERIFIED: NewKnowledgeItem = {
  kind: 'verified',
  title: 'Mức phạt không niêm yết giá cước',
  field: 'Viễn thông',
  body: { cauHoi: 'Không niêm yết giá cước bị phạt bao nhiêu?', traLoi: 'Phạt cảnh cáo hoặc phạt tiền.' },
  status: 'review',
};

export function runStoreContract(name: string, options: StoreContractOptions): void {
  describe(`Store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let opened: Store[] = [];
    let backgroundErrors: unknown[] = [];
    let store: Store;

    async function open(): Promise<Store> {
      const instance = await openStore({ ...fixture.location, onBackgroundError: (error) => backgroundErrors.push(error) });
      opened.push(instance);
      return instance;
    }

    beforeEach(async () => {
      backgroundErrors = [];
      opened = [];
      fixture = await options.createFixture();
      store = await open();
    });

    afterEach(async () => {
      for (const instance of opened) await instance.close();
      await fixture.dispose();
      expect(backgroundErrors).toEqual([]);
    });

    describe('users and tokens', () => {
      it('issues a token of the form tlt.<userId>.<secret> that authenticates its user', async () => {
        const { user, token } = await store.createUser('Nguyễn Thị Thanh Tra', 'inspector');
        expect(user).toMatchObject({ name: 'Nguyễn Thị Thanh Tra', role: 'inspector', disabledAt: null });
        expect(token).toMatch(new RegExp(`^tlt\\.${user.id}\\.[A-Za-z0-9_-]{43}$`));
        expect(await store.authenticate(token)).toEqual(user);
        expect(await store.getUser(user.id)).toEqual(user);
      });

      it('refuses malformed, unknown and altered tokens', async () => {
        const { user, token } = await store.createUser('Trần Văn Bình', 'trainer');
        const secret = token.split('.')[2] ?? '';
        const altered = `tlt.${user.id}.${secret.startsWith('A') ? 'B' : 'A'}${secret.slice(1)}`;
        for (const candidate of ['', 'garbage', `tlt.${user.id}`, altered, `xyz.${user.id}.${secret}`, `tlt.00000000-0000-0000-0000-000000000000.${secret}`]) {
          expect(await store.authenticate(candidate)).toBeNull();
        }
      });

      it('keeps names unique ignoring case and spacing, and finds users by name', async () => {
        const { user } = await store.createUser('Lê Pháp Chế', 'legal');
        await expect(store.createUser('Lê Pháp Chế', 'admin')).rejects.toMatchObject({ code: 'USER_EXISTS', status: 409 });
        await expect(store.createUser('  LÊ   PHÁP CHẾ ', 'admin')).rejects.toMatchObject({ code: 'USER_EXISTS' });
        expect(await store.countUsers()).toBe(1);
        expect(await store.findUserByName('lê pháp chế')).toEqual(user);
        expect(await store.findUserByName('Le Phap Che')).toBeNull();
      });

      it('rejects an unknown role and an empty name', async () => {
        await expect(store.createUser('Ai đó', 'boss' as 'admin')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        await expect(store.createUser('   ', 'admin')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      });

      it('rotating a token retires the old one', async () => {
        const { user, token } = await store.createUser('Phạm Quản Trị', 'admin');
        const rotated = await store.rotateToken(user.id);
        expect(rotated).not.toBe(token);
        expect(await store.authenticate(token)).toBeNull();
        expect((await store.authenticate(rotated))?.id).toBe(user.id);
        await expect(store.rotateToken('no-such-user')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('a disabled user no longer authenticates, and disabling twice keeps the first time', async () => {
        const { user, token } = await store.createUser('Đỗ Tạm Nghỉ', 'inspector');
        const disabled = await store.disableUser(user.id);
        expect(disabled.disabledAt).not.toBeNull();
        expect(await store.authenticate(token)).toBeNull();
        expect(await store.authenticate(await store.rotateToken(user.id))).toBeNull();
        expect((await store.disableUser(user.id)).disabledAt).toBe(disabled.disabledAt);
        await expect(store.disableUser('no-such-user')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('lists users in Vietnamese alphabetical order and counts them', async () => {
        for (const name of ['Đặng Văn E', 'Bùi Thị B', 'Zô Ê', 'Dương Văn D', 'an nhiên']) await store.createUser(name, 'inspector');
        expect((await store.listUsers()).map((user) => user.name)).toEqual(['an nhiên', 'Bùi Thị B', 'Dương Văn D', 'Đặng Văn E', 'Zô Ê']);
        expect(await store.countUsers()).toBe(5);
      });
    });

    describe('knowledge items', () => {
      it('creates a draft at version 1 and reads it back unchanged, Vietnamese and all', async () => {
        const item = await store.createItem(LESSON, 'author-1');
        expect(item).toMatchObject({
          kind: 'lesson',
          status: 'draft',
          version: 1,
          author: 'author-1',
          reviewer: null,
          approvedAt: null,
          staleReason: null,
          title: LESSON.title,
          body: LESSON.body,
          legalBasis: LESSON.legalBasis,
          year: 2025,
          field: 'Viễn thông',
        });
        expect(item.createdAt).toBe(item.updatedAt);
        expect(await store.getItem(item.id)).toEqual(item);
        expect(await store.getItem('missing')).toBeNull();
      });

      it('validates what it stores', async () => {
        await expect(store.createItem({ ...LESSON, title: '  ' }, 'author-1')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        await expect(store.createItem({ ...LESSON, kind: 'rumour' as 'lesson' }, 'author-1')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        await expect(store.createItem(LESSON, '')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        expect((await store.listItems()).total).toBe(0);
      });

      it('updates optimistically: the right version wins, a stale one gets a typed conflict', async () => {
        const item = await store.createItem(LESSON, 'author-1');
        const updated = await store.updateItem(item.id, { title: 'Tiêu đề mới', year: null }, 1, 'author-1');
        expect(updated).toMatchObject({ version: 2, title: 'Tiêu đề mới', year: null, body: LESSON.body, field: 'Viễn thông' });
        expect(updated.updatedAt > item.updatedAt).toBe(true);
        const conflict = store.updateItem(item.id, { title: 'Bản cũ' }, 1, 'author-2');
        await expect(conflict).rejects.toBeInstanceOf(StoreConflictError);
        await expect(conflict).rejects.toMatchObject({ code: 'STORE_CONFLICT', status: 409, expectedVersion: 1, actualVersion: 2 });
        expect(await store.getItem(item.id)).toEqual(updated);
        await expect(store.updateItem('missing', { title: 'x' }, 1, 'author-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('lets exactly one of two concurrent updates from the same version through', async () => {
        const item = await store.createItem(LESSON, 'author-1');
        const second = await open();
        const outcomes = await Promise.allSettled([
          store.updateItem(item.id, { title: 'Sửa từ máy một' }, 1, 'author-1'),
          second.updateItem(item.id, { title: 'Sửa từ máy hai' }, 1, 'author-2'),
        ]);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
        expect(rejected?.status === 'rejected' ? rejected.reason : undefined).toBeInstanceOf(StoreConflictError);
        expect((await store.getItem(item.id))?.version).toBe(2);
      });

      it('never lets the author publish; another reviewer can, and going back to draft clears the approval', async () => {
        const item = await store.createItem(LESSON, 'author-1');
        const own = store.setItemStatus(item.id, 'published', 'author-1');
        await expect(own).rejects.toBeInstanceOf(ReviewerIsAuthorError);
        await expect(own).rejects.toMatchObject({ code: 'REVIEWER_IS_AUTHOR', status: 409 });
        expect((await store.getItem(item.id))?.status).toBe('draft');

        const inReview = await store.setItemStatus(item.id, 'review', 'author-1');
        const published = await store.setItemStatus(item.id, 'published', 'reviewer-1', inReview.version);
        expect(published).toMatchObject({ status: 'published', reviewer: 'reviewer-1', version: 3 });
        expect(published.approvedAt).toBe(published.updatedAt);

        const again = await store.setItemStatus(item.id, 'published', 'reviewer-2');
        expect(again).toEqual(published);

        const retired = await store.setItemStatus(item.id, 'retired', 'admin-1');
        expect(retired).toMatchObject({ status: 'retired', reviewer: 'reviewer-1', approvedAt: published.approvedAt });
        const draft = await store.setItemStatus(item.id, 'draft', 'author-1');
        expect(draft).toMatchObject({ status: 'draft', reviewer: null, approvedAt: null, version: 5 });

        await expect(store.setItemStatus(item.id, 'review', 'author-1', 1)).rejects.toBeInstanceOf(StoreConflictError);
        await expect(store.setItemStatus('missing', 'review', 'author-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('lets the author publish directly when asked, recording no reviewer', async () => {
        const item = await store.createItem(LESSON, 'author-1');
        await expect(store.setItemStatus(item.id, 'published', 'author-1')).rejects.toMatchObject({ code: 'REVIEWER_IS_AUTHOR' });
        const published = await store.setItemStatus(item.id, 'published', 'author-1', undefined, { direct: true });
        expect(published).toMatchObject({ status: 'published', reviewer: null });
        expect(published.approvedAt).toBe(published.updatedAt);
        // Direct publishing is the author's own; anyone else publishing is a reviewer.
        const other = await store.createItem(LESSON, 'author-1');
        await expect(store.setItemStatus(other.id, 'published', 'reviewer-1', undefined, { direct: true })).resolves.toMatchObject({ reviewer: 'reviewer-1' });
      });

      it('marks and clears staleness as versioned changes', async () => {
        const item = await store.createItem(LESSON, 'author-1');
        const stale = await store.markItemStale(item.id, 'Khoản 7 Điều 34 đã được sửa đổi');
        expect(stale).toMatchObject({ staleReason: 'Khoản 7 Điều 34 đã được sửa đổi', version: 2 });
        expect(stale.staleAt).not.toBeNull();
        expect(await store.markItemStale(item.id, 'Khoản 7 Điều 34 đã được sửa đổi')).toEqual(stale);
        const fresh = await store.clearItemStale(item.id, 'author-1');
        expect(fresh).toMatchObject({ staleReason: null, staleAt: null, version: 3 });
        expect(await store.clearItemStale(item.id)).toEqual(fresh);
      });

      it('records every change in the history with the whole item after it', async () => {
        const item = await store.createItem(LESSON, 'author-1');
        const updated = await store.updateItem(item.id, { body: { tinhHuong: 'Đã sửa' } }, 1, 'author-1');
        const reviewed = await store.setItemStatus(item.id, 'review', 'author-1');
        const published = await store.setItemStatus(item.id, 'published', 'reviewer-1');
        const stale = await store.markItemStale(item.id, 'Văn bản bị thay thế');
        const history = await store.itemHistory(item.id);
        expect(history.map((entry) => [entry.version, entry.action, entry.actor])).toEqual([
          [1, 'create', 'author-1'],
          [2, 'update', 'author-1'],
          [3, 'status', 'author-1'],
          [4, 'status', 'reviewer-1'],
          [5, 'stale', null],
        ]);
        expect(history.map((entry) => entry.snapshot)).toEqual([item, updated, reviewed, published, stale]);
        expect(await store.itemHistory('missing')).toEqual([]);
      });

      it('lists by kind, status, year, field and text, newest change first, with paging and a total', async () => {
        const lesson = await store.createItem(LESSON, 'author-1');
        const guide = await store.createItem(GUIDE, 'author-1');
        const verified = await store.createItem(VERIFIED, 'author-2');
        await store.updateItem(lesson.id, { title: 'Kích hoạt SIM sai quy định (bản sửa)' }, 1, 'author-1');

        const all = await store.listItems();
        expect(all.total).toBe(3);
        expect(all.items.map((item) => item.id)).toEqual([lesson.id, verified.id, guide.id]);
        expect((await store.listItems({ kind: 'guide' })).items.map((item) => item.id)).toEqual([guide.id]);
        expect((await store.listItems({ status: 'review' })).items.map((item) => item.id)).toEqual([verified.id]);
        expect((await store.listItems({ year: 2024 })).items.map((item) => item.id)).toEqual([guide.id]);
        expect((await store.listItems({ field: 'Viễn thông', kind: 'verified' })).items.map((item) => item.id)).toEqual([verified.id]);

        const page = await store.listItems({ limit: 1, offset: 1 });
        expect(page).toMatchObject({ total: 3 });
        expect(page.items.map((item) => item.id)).toEqual([verified.id]);
        expect(await store.listItems({ offset: 10 })).toEqual({ items: [], total: 3 });
      });

      it('finds text regardless of case and diacritics, in title, body and legal basis', async () => {
        const lesson = await store.createItem(LESSON, 'author-1');
        const guide = await store.createItem(GUIDE, 'author-1');
        const ids = async (text: string) => (await store.listItems({ text })).items.map((item) => item.id).sort();
        expect(await ids('KÍCH HOẠT sim')).toEqual([lesson.id]);
        expect(await ids('kich hoat')).toEqual([lesson.id]);
        expect(await ids('ủy quyền')).toEqual([lesson.id]);
        expect(await ids('174/2026')).toEqual([lesson.id]);
        expect(await ids('máy đo')).toEqual([guide.id]);
        expect(await ids('thanh tra tần số')).toEqual([guide.id]);
        expect(await ids('sim tần số')).toEqual([]);
        expect(await ids('100%_')).toEqual([]);
      });

      it('exports all items and imports them into another store in one go, keeping ids', async () => {
        const lesson = await store.createItem(LESSON, 'author-1');
        await store.setItemStatus(lesson.id, 'published', 'reviewer-1');
        await store.createItem(GUIDE, 'author-2');
        const exported = await store.exportItems();
        expect(exported).toHaveLength(2);

        const target = await options.createFixture();
        try {
          const other = await openStore({ ...target.location, onBackgroundError: (error) => backgroundErrors.push(error) });
          try {
            expect(await other.importItems(exported, 'importer')).toEqual({ created: 2, updated: 0 });
            expect(await other.exportItems()).toEqual(exported);
            expect((await other.itemHistory(lesson.id)).map((entry) => [entry.action, entry.actor])).toEqual([['import', 'importer']]);

            const offsetTimes = exported.map((item) => ({ ...item, id: `${item.id}-copy`, createdAt: '2026-01-01T15:00:00+07:00' }));
            await other.importItems(offsetTimes, 'importer');
            expect((await other.getItem(`${lesson.id}-copy`))?.createdAt).toBe('2026-01-01T08:00:00.000Z');

            const edited = exported.map((item): KnowledgeItem => ({ ...item, title: `${item.title} (nhập lại)` }));
            expect(await other.importItems(edited, 'importer')).toEqual({ created: 0, updated: 2 });
            const reimported = await other.getItem(lesson.id);
            expect(reimported).toMatchObject({ title: `${LESSON.title} (nhập lại)`, version: 3, status: 'published', reviewer: 'reviewer-1' });

            const selfApproved = { ...exported[0], id: 'self-approved', reviewer: 'author-1', author: 'author-1' } as KnowledgeItem;
            await expect(other.importItems([...edited, selfApproved], 'importer')).rejects.toBeInstanceOf(ReviewerIsAuthorError);
            await expect(other.importItems([{ ...edited[0], kind: 'rumour' } as unknown as KnowledgeItem], 'importer')).rejects.toMatchObject({
              code: 'BAD_REQUEST',
            });
            await expect(other.importItems([...edited, edited[0] as KnowledgeItem], 'importer')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
            expect((await other.getItem(lesson.id))?.version).toBe(3);
            expect(await other.getItem('self-approved')).toBeNull();
          } finally {
            await other.close();
          }
        } finally {
          await target.dispose();
        }
      });
    });

    describe('change notification', () => {
      it('tells listeners about each committed change, in order, and stops after unsubscribe', async () => {
        const heard: KnowledgeChange[] = [];
        const unsubscribe = store.onKnowledgeChange((change) => heard.push(change));
        const before = await store.knowledgeVersion();
        const item = await store.createItem(LESSON, 'author-1');
        await store.setItemStatus(item.id, 'published', 'reviewer-1');
        await expect(store.setItemStatus(item.id, 'published', 'author-1')).resolves.toMatchObject({ version: 2 });
        await expect(store.updateItem(item.id, { title: 'x' }, 1, 'author-1')).rejects.toBeInstanceOf(StoreConflictError);
        await eventually(() => (heard.length >= 2 ? heard : undefined), 2000, 'two changes');
        expect(heard).toEqual([
          { itemId: item.id, kind: 'lesson', status: 'draft', version: 1, sequence: before + 1 },
          { itemId: item.id, kind: 'lesson', status: 'published', version: 2, sequence: before + 2 },
        ]);
        expect(await store.knowledgeVersion()).toBe(before + 2);
        expect(await store.knowledgeChangesSince(before)).toEqual(heard);
        expect(await store.knowledgeChangesSince(before + 1)).toEqual(heard.slice(1));

        unsubscribe();
        await store.markItemStale(item.id, 'Đã sửa đổi');
        expect(await store.knowledgeVersion()).toBe(before + 3);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(heard).toHaveLength(2);
      });

      it('a listener that throws neither loses the write nor silences the others', async () => {
        const heard: number[] = [];
        store.onKnowledgeChange(() => {
          throw new Error('listener bug');
        });
        store.onKnowledgeChange((change) => heard.push(change.version));
        const item = await store.createItem(LESSON, 'author-1');
        await eventually(() => (heard.length === 1 ? heard : undefined), 2000, 'the second listener');
        expect(await store.getItem(item.id)).toEqual(item);
        expect(backgroundErrors).toHaveLength(1);
        backgroundErrors = [];
      });

      it('reports an import as one change per item', async () => {
        const heard: KnowledgeChange[] = [];
        store.onKnowledgeChange((change) => heard.push(change));
        const source = await store.createItem(GUIDE, 'author-1');
        const copy = { ...source, id: 'imported-copy' };
        await store.importItems([{ ...source, title: 'Bản nhập' }, copy], 'importer');
        await eventually(() => (heard.length === 3 ? heard : undefined), 2000, 'the import changes');
        expect(heard.map((change) => [change.itemId, change.version])).toEqual([
          [source.id, 1],
          [source.id, 2],
          ['imported-copy', 1],
        ]);
      });
    });

    describe('feedback', () => {
      it('keeps ratings with their question, answer and citations, newest first', async () => {
        const first = await store.addFeedback({ question: 'Phạt bao nhiêu?', answer: 'Từ 30.000.000 đồng', rating: 'up', citations: ['Điểm b Khoản 7 Điều 34'] });
        const second = await store.addFeedback({ question: 'Ai có thẩm quyền?', answer: 'Chánh thanh tra', rating: 'down', comment: 'Thiếu căn cứ', userId: 'user-1' });
        expect(first).toMatchObject({ rating: 'up', comment: null, userId: null, citations: ['Điểm b Khoản 7 Điều 34'] });
        expect(second).toMatchObject({ comment: 'Thiếu căn cứ', userId: 'user-1', citations: [] });
        expect(await store.listFeedback()).toEqual([second, first]);
        expect(await store.listFeedback(1)).toEqual([second]);
        await expect(store.addFeedback({ question: 'q', answer: 'a', rating: 'meh' as 'up' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      });
    });

    describe('audit trail', () => {
      it('keeps entries with sources and an outcome, and filters them for an export', async () => {
        const early = await store.audit({ action: 'chat', userId: 'user-1', question: 'Phạt SIM?', sources: ['Điều 34'], detail: { outcome: 'answer', ms: 120 }, at: '2026-01-01T08:00:00.000Z' });
        const middle = await store.audit({ action: 'search', userId: 'user-2', detail: { outcome: 'decline' }, at: '2026-02-01T08:00:00.000Z' });
        const late = await store.audit({ action: 'lesson.create', userId: 'user-1', detail: { itemId: 'x' }, at: '2026-03-01T08:00:00.000Z' });
        expect(early).toMatchObject({ action: 'chat', question: 'Phạt SIM?', sources: ['Điều 34'], detail: { outcome: 'answer', ms: 120 } });
        expect(middle).toMatchObject({ question: null, sources: [] });

        expect(await store.listAudit()).toEqual([late, middle, early]);
        expect(await store.listAudit({ order: 'asc', limit: 2 })).toEqual([early, middle]);
        expect(await store.listAudit({ userId: 'user-1' })).toEqual([late, early]);
        expect(await store.listAudit({ from: '2026-01-15', to: '2026-03-01T08:00:00Z' })).toEqual([middle]);
        expect(await store.listAudit({ action: 'search' })).toEqual([middle]);
        await expect(store.listAudit({ from: 'hôm qua' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        await expect(store.audit({ action: 'chat', detail: { outcome: 'maybe' as 'answer' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

        expect(await store.purgeAudit('2026-02-15T00:00:00Z')).toBe(2);
        expect(await store.listAudit()).toEqual([late]);
      });

      it('stamps entries with the current time by default', async () => {
        const before = new Date().toISOString();
        const entry = await store.audit({ action: 'chat' });
        expect(entry.at >= before).toBe(true);
        expect(entry.detail).toEqual({});
      });
    });

    describe('conversations', () => {
      it('keeps each user’s conversations with their messages, most recently active first', async () => {
        const first = await store.createConversation('user-1', 'Phạt SIM');
        const second = await store.createConversation('user-1', 'Tần số');
        await store.createConversation('user-2', 'Của người khác');
        expect((await store.listConversations('user-1')).map((conversation) => conversation.id)).toEqual([second.id, first.id]);

        const question = await store.appendMessage('user-1', first.id, { role: 'user', content: 'Kích hoạt SIM sai bị phạt bao nhiêu?' });
        const payload = { citations: [{ label: 'Điểm b Khoản 7 Điều 34', unitId: 'u1' }], confidence: 0.82, declined: false };
        const answer = await store.appendMessage('user-1', first.id, { role: 'assistant', content: 'Phạt từ 30.000.000 đồng [1].', payload });
        const plain = await store.appendMessage('user-1', first.id, { role: 'assistant', content: 'Chuỗi', payload: 'chỉ là một chuỗi' });
        expect(question.payload).toBeNull();
        expect((await store.listConversations('user-1')).map((conversation) => conversation.id)).toEqual([first.id, second.id]);

        const loaded = await store.getConversation('user-1', first.id);
        expect(loaded?.messages).toEqual([question, answer, plain]);
        expect(loaded?.messages[1]?.payload).toEqual(payload);
        expect(loaded?.messages[2]?.payload).toBe('chỉ là một chuỗi');
        expect(loaded?.updatedAt).toBe(plain.createdAt);
      });

      it('keeps a whole turn in one transaction: its messages in order with the audit line, or nothing at all', async () => {
        const conversation = await store.createConversation('user-1', 'Một lượt');
        const turn = await store.appendTurn(
          'user-1',
          conversation.id,
          [
            { role: 'user', content: 'Thời hạn thanh tra?' },
            { role: 'assistant', content: 'Không quá 45 ngày [1].', payload: { outcome: 'answer' } },
          ],
          { action: 'chat', userId: 'user-1', question: 'Thời hạn thanh tra?', sources: ['Khoản 1 Điều 20'], detail: { conversationId: conversation.id } },
        );
        const loaded = await store.getConversation('user-1', conversation.id);
        expect(loaded?.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
        expect(loaded?.messages).toEqual(turn);
        expect(loaded?.updatedAt).toBe(turn[1]?.createdAt);
        const audited = await store.listAudit({ action: 'chat' });
        expect(audited.filter((entry) => entry.question === 'Thời hạn thanh tra?')).toHaveLength(1);
        // Someone else's conversation: no message and no audit line is left behind.
        await expect(store.appendTurn('user-2', conversation.id, [{ role: 'user', content: 'Chen vào' }], { action: 'chat', userId: 'user-2', question: 'Chen vào' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect((await store.listAudit({ action: 'chat' })).some((entry) => entry.question === 'Chen vào')).toBe(false);
        expect((await store.getConversation('user-1', conversation.id))?.messages).toHaveLength(2);
      });

      it('never shows or changes another user’s conversation', async () => {
        const mine = await store.createConversation('user-1', 'Riêng tư');
        await store.appendMessage('user-1', mine.id, { role: 'user', content: 'Bí mật' });
        expect(await store.getConversation('user-2', mine.id)).toBeNull();
        expect(await store.listConversations('user-2')).toEqual([]);
        await expect(store.renameConversation('user-2', mine.id, 'Chiếm')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(store.appendMessage('user-2', mine.id, { role: 'user', content: 'Chen vào' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(store.deleteConversation('user-2', mine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        const still = await store.getConversation('user-1', mine.id);
        expect(still).toMatchObject({ title: 'Riêng tư' });
        expect(still?.messages.map((message) => message.content)).toEqual(['Bí mật']);
      });

      it('renames, and deletes with the messages', async () => {
        const conversation = await store.createConversation('user-1', 'Cũ');
        await store.appendMessage('user-1', conversation.id, { role: 'user', content: 'Câu hỏi' });
        const renamed = await store.renameConversation('user-1', conversation.id, 'Tên mới');
        expect(renamed).toMatchObject({ id: conversation.id, title: 'Tên mới' });
        await expect(store.renameConversation('user-1', conversation.id, ' ')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        await store.deleteConversation('user-1', conversation.id);
        expect(await store.getConversation('user-1', conversation.id)).toBeNull();
        expect(await store.listConversations('user-1')).toEqual([]);
        await expect(store.deleteConversation('user-1', conversation.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(store.appendMessage('user-1', 'missing', { role: 'user', content: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });
    });

    describe('durability', () => {
      it('keeps every acknowledged item when the writer is killed with SIGKILL half-way', async () => {
        const acknowledged = await runAndKill(fixture.location, 50);
        expect(acknowledged.size).toBeGreaterThanOrEqual(40);
        expect(acknowledged.size).toBeLessThan(DURABILITY_ITEM_COUNT);

        const reopened = await open();
        const stored = await reopened.exportItems();
        const storedById = new Map(stored.map((item) => [item.id, item]));
        for (const [id, index] of acknowledged) {
          const item = storedById.get(id);
          expect(item, `acknowledged item ${index}`).toBeDefined();
          const expected = durabilityItem(index);
          expect(item).toMatchObject({ title: expected.title, body: expected.body, legalBasis: expected.legalBasis, author: DURABILITY_ACTOR, version: 1 });
        }
        // At most the one write in flight when the process died committed without being acknowledged.
        expect(stored.length - acknowledged.size).toBeLessThanOrEqual(1);
        expect(await reopened.knowledgeVersion()).toBe(stored.length);
        // The store still takes writes after the crash.
        const after = await reopened.createItem(GUIDE, 'author-1');
        expect(await reopened.getItem(after.id)).toEqual(after);
      });
    });
  });
}

/**
 * Runs the durability child against `location`, kills it with SIGKILL once it has acknowledged
 * `killAfter` items, and returns every acknowledged id with its item number.
 */
async function runAndKill(location: OpenStoreOptions, killAfter: number): Promise<Map<string, number>> {
  const target = JSON.stringify({ dataDir: location.dataDir, ...(location.databaseUrl ? { databaseUrl: location.databaseUrl } : {}) });
  const child = spawn(process.execPath, ['--import', 'tsx', DURABILITY_CHILD, target, '5'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged = new Map<string, number>();
  let pending = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [id, index] = line.split('\t');
      if (id && index) acknowledged.set(id, Number(index));
    }
    if (acknowledged.size >= killAfter) child.kill('SIGKILL');
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  if (exit.signal !== 'SIGKILL') throw new Error(`durability child ended with ${exit.code ?? exit.signal} before it was killed: ${errors}`);
  return acknowledged;
}
