import { randomToken, sha256 } from './tokens.ts';

const PREFIX_LENGTH = 8;

/** A new key: `lbk_<8 visible chars>_<secret>`. Only the SHA-256 of the whole key is stored. */
export function newApiKeySecret(): { key: string; prefix: string; hash: string } {
  const visible = randomToken(6).replace(/[-_]/g, 'x').slice(0, PREFIX_LENGTH);
  const key = `lbk_${visible}_${randomToken(32)}`;
  return { key, prefix: `lbk_${visible}`, hash: sha256(key) };
}

export function hashApiKey(key: string): string {
  return sha256(key.trim());
}

export function looksLikeApiKey(value: string): boolean {
  return /^lbk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}$/.test(value.trim());
}
