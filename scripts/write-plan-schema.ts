/** Writes schema/improvement-plan-v1.schema.json from the zod definitions (run: npm run schema). */
import { writeFileSync } from 'node:fs';
import { planJsonSchema } from '../src/domain/plan-json-schema.ts';

const file = new URL('../schema/improvement-plan-v1.schema.json', import.meta.url);
writeFileSync(file, JSON.stringify(planJsonSchema(), null, 2) + '\n');
console.log(`Wrote ${file.pathname}`);
