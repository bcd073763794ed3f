import { prepareTestTemplate } from '../src/testing/test-database.ts';

export default async function setup(): Promise<void> {
  await prepareTestTemplate();
}
