/** Writes docs/who-may-do-what.md from the policies module. Run: npm run docs:policies */
import { writeFileSync } from 'node:fs';
import { policyDocument } from '../src/core/policy-docs.ts';

writeFileSync(new URL('../docs/who-may-do-what.md', import.meta.url), policyDocument());
console.log('Wrote docs/who-may-do-what.md');
