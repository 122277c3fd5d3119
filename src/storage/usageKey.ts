/**
 * A 53-bit hash of a response's key (`message.id:requestId`, a Codex turn id, ...), so the
 * per-response table can use it as its INTEGER PRIMARY KEY (the rowid: no separate index, 8 bytes
 * instead of a ~60-byte text key). 53 bits keep it an exact JavaScript number.
 *
 * Collision odds: only keys that coexist in the per-response table (the last USAGE_HORIZON_MS,
 * about 100,000 responses for a heavy user) can collide; the chance of any collision among n keys
 * is about n² / 2⁵⁴: 5.6 × 10⁻⁷ for 100,000 and 5.6 × 10⁻⁵ for a whole year of 1,000,000. A
 * collision would make two responses count as one (the copy with more tokens kept).
 */
export function usageKeyId(key: string): number {
  // Two 32-bit multiplicative hashes with different multipliers and seeds, each finished with
  // an avalanche mix, then crossed so every input bit reaches both halves.
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a = avalanche(a ^ key.length);
  b = avalanche(b ^ Math.imul(a, 0x27d4eb2d));
  a = avalanche(a ^ b);
  // 32 bits of a, 21 bits of b.
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

/** Spreads every bit of a 32-bit value over all others (the finaliser of MurmurHash3). */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
