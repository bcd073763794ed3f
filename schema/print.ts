import { readFileSync, writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.ts';

const path = new URL('./schema.graphql', import.meta.url);
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv.includes('--check')) {
  if (readFileSync(path, 'utf8') !== printed) {
    console.error('schema/schema.graphql is out of date: run `pnpm schema:print` and commit it.');
    process.exit(1);
  }
} else {
  writeFileSync(path, printed);
  console.log('Wrote schema/schema.graphql');
}
