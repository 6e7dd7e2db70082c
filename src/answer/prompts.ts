/**
 * Prompts live in prompts/*.md with named placeholders ({{name}}). They are loaded once at start-up
 * and checked: a missing file, a missing placeholder or an unknown one stops the program.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';

const REQUIRED = {
  answer: ['asOf', 'sources', 'question'],
  rewrite: ['history', 'question'],
} as const;

export type PromptName = keyof typeof REQUIRED;
export type Prompts = Record<PromptName, string>;

export const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prompts');

export async function loadPrompts(directory = PROMPTS_DIR): Promise<Prompts> {
  const prompts = {} as Prompts;
  for (const [name, required] of Object.entries(REQUIRED) as Array<[PromptName, readonly string[]]>) {
    const file = path.join(directory, `${name}.md`);
    const text = await fs.readFile(file, 'utf8').catch(() => {
      throw new AppError('CONFIG_INVALID', `thiếu tệp lời nhắc ${file}`);
    });
    const found = new Set([...text.matchAll(/\{\{(\w+)\}\}/gu)].map((m) => m[1]));
    const missing = required.filter((p) => !found.has(p));
    const unknown = [...found].filter((p) => p !== undefined && !required.includes(p));
    if (missing.length > 0 || unknown.length > 0) {
      throw new AppError('CONFIG_INVALID', `lời nhắc ${name}.md: thiếu {{${missing.join('}}, {{')}}} / thừa {{${unknown.join('}}, {{')}}}`);
    }
    prompts[name] = text;
  }
  return prompts;
}

export function fillPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/gu, (_match, name: string) => values[name] ?? '');
}
