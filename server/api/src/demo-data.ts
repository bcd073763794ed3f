import type { Db } from '@leaseboard/db';
import { DEMO_LOGINS, fromBytesGenerator, isDatabaseEmpty, seedDemo } from '@leaseboard/seed/index';
import { hashPassword } from '@leaseboard/domain/auth/passwords';
import { generateLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';

/** On the embedded default an empty database gets the demo data; the demo logins are printed every start. */
export async function loadDemoData(db: Db, url: string, print: (line: string) => void, signal?: AbortSignal): Promise<void> {
  if (await isDatabaseEmpty(db)) {
    print('Empty embedded database: loading the demo data (a few seconds)…');
    // Stopped midway, the seed rolls back (the catalog stays; it is written idempotently) and the next start loads it again.
    await seedDemo(url, { hashPassword, makeLicenseKey: fromBytesGenerator(generateLicenseKey), log: print, ...(signal ? { signal } : {}) });
  }
  print('Demo logins (password for all):');
  for (const login of DEMO_LOGINS) print(`  ${login.role.padEnd(8)} ${login.email.padEnd(28)} ${login.password}  ${login.partner ?? 'vendor staff'}`);
}
