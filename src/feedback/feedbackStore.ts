/** Thumbs up or down on an answer, with a comment, kept in a SQLite file (better-sqlite3). */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface FeedbackInput {
  question: string;
  answer: string;
  rating: 'up' | 'down';
  comment?: string;
  citations?: string[];
}

export interface FeedbackRecord extends FeedbackInput {
  id: number;
  createdAt: string;
}

interface Row {
  id: number;
  created_at: string;
  question: string;
  answer: string;
  rating: 'up' | 'down';
  comment: string | null;
  citations: string;
}

export class FeedbackStore {
  private readonly database: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.database = new Database(file);
    this.database.pragma('journal_mode = WAL');
    this.database.exec(`CREATE TABLE IF NOT EXISTS feedback (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      created_at TEXT NOT NULL,
      question TEXT NOT NULL,
      answer TEXT NOT NULL,
      rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
      comment TEXT,
      citations TEXT NOT NULL DEFAULT '[]'
    )`);
  }

  add(input: FeedbackInput): FeedbackRecord {
    const createdAt = new Date().toISOString();
    const result = this.database
      .prepare('INSERT INTO feedback (created_at, question, answer, rating, comment, citations) VALUES (?, ?, ?, ?, ?, ?)')
      .run(createdAt, input.question, input.answer, input.rating, input.comment ?? null, JSON.stringify(input.citations ?? []));
    return { id: Number(result.lastInsertRowid), createdAt, ...input };
  }

  list(limit = 100): FeedbackRecord[] {
    const rows = this.database.prepare('SELECT * FROM feedback ORDER BY id DESC LIMIT ?').all(limit) as Row[];
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      question: row.question,
      answer: row.answer,
      rating: row.rating,
      ...(row.comment ? { comment: row.comment } : {}),
      citations: JSON.parse(row.citations) as string[],
    }));
  }

  close(): void {
    this.database.close();
  }
}
