/**
 * Child process of the durability test: opens the store described by argv[2] (JSON of
 * OpenStoreOptions), creates the durability items one after another, and prints each id only
 * after its write has been acknowledged, pausing argv[3] milliseconds between writes (default 0)
 * so that the test's SIGKILL lands half-way and not after the last one.
 * Run: node --import tsx src/store/testing/durabilityChild.ts '{"dataDir":"/tmp/x"}' 4
 */
import { z } from 'zod';
import { openStore } from '../index.js';
import { DURABILITY_ACTOR, DURABILITY_ITEM_COUNT, acknowledgementLine, durabilityItem } from './durabilityItems.js';

const locationSchema = z.object({ dataDir: z.string(), databaseUrl: z.string().optional() });

const location = locationSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const pauseMs = z.coerce.number().int().min(0).parse(process.argv[3] ?? '0');
const store = await openStore({ ...location, listen: false });
for (let index = 0; index < DURABILITY_ITEM_COUNT; index += 1) {
  const item = await store.createItem(durabilityItem(index), DURABILITY_ACTOR);
  // stdout to a pipe is synchronous on POSIX: once written, the parent can read it even if we die next.
  process.stdout.write(acknowledgementLine(item.id, index));
  if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
}
await store.close();
