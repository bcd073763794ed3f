import { prepareTestTemplate } from '@leaseboard/db/testing/test-database';

export default async function setup(): Promise<void> {
  await prepareTestTemplate();
}
