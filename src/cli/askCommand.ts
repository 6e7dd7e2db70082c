/** `npm run ask -- [--json] [--as-of DATE] "question"`: the chat answer in the terminal. */
import type { Config } from '../config.js';
import { createAnswerer } from '../answer/index.js';
import { openKnowledge, retrieverFor } from './context.js';

export async function runAsk(config: Config, question: string, options: { json?: boolean; asOf?: string }): Promise<void> {
  const knowledge = await openKnowledge(config);
  const answerer = await createAnswerer(config, retrieverFor(config, knowledge));
  const answer = await answerer.answer({ message: question, ...(options.asOf ? { asOf: options.asOf } : {}) });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${answer.answer}\n`);
  if (answer.notice) process.stdout.write(`\n${answer.notice}\n`);
}
