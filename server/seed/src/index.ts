export { seedDemo, isDatabaseEmpty, SeedError, DEFAULT_SCALE, type SeedOptions, type SeedSummary, type SeedErrorCode } from './seed-demo.ts';
export { seedCatalog, CATALOG, CATALOG_PRICES_EFFECTIVE_FROM, type Catalog, type CatalogProduct, type CatalogAddOn } from '@leaseboard/db/catalog';
export { DEMO_LOGINS, DEMO_PASSWORD, DEMO_PARTNERS, type DemoLogin } from './demo-accounts.ts';
export { simpleLicenseKey, fromBytesGenerator, LICENSE_KEY_ALPHABET, type MakeLicenseKey } from './license-keys.ts';
export { truncateAppTables } from './reset.ts';
