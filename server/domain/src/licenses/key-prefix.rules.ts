const PREFIXES: Record<string, string> = { SMARTERMAIL: 'SM', SMARTERTRACK: 'ST', SMARTERSTATS: 'SS' };

/** The two letters a product type's license keys start with. */
export function licenseKeyPrefix(productTypeCode: string): string {
  const prefix = PREFIXES[productTypeCode];
  if (!prefix) throw new Error(`no license key prefix for product type ${productTypeCode}`);
  return prefix;
}
