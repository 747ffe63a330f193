/**
 * The completion cache: ranked samples per exact context (text before and after the cursor), and
 * typing-through — when the text before the cursor grew by what a cached sample starts with, the rest
 * of that sample is served from the cache with no request. Plain Node (no `vscode`) so the bench runs it.
 */
import { createHash } from 'crypto';
import { LRUCache } from 'lru-cache';
import type { RankedSample } from '../../core/types';

/** One cached answer. Only lengths and hashes of the context are kept, not the document text. */
export interface CacheEntry {
  prefixLength: number;
  prefixHash: string;
  suffixHash: string;
  /** Ranked best first; `sample.text` is inserted at the cursor. */
  ranked: RankedSample[];
}

/** A cache answer: texts to insert at the cursor, best first, with the ranked sample each comes from. */
export interface CacheHit {
  kind: 'exact' | 'typingThrough';
  items: { text: string; ranked: RankedSample }[];
}

/** How many of the most recent entries typing-through looks at (it hashes the prefix once per entry). */
const TYPING_THROUGH_ENTRIES = 8;

/** Hex SHA-1 of a string (a cache key, not security). */
export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** LRU cache of ranked completions keyed by a hash of (scope, prefix, suffix). */
export class CompletionCache extends LRUCache<string, CacheEntry> {
  constructor(maxEntries: number) {
    super({ max: Math.max(1, maxEntries) });
  }

  /** The cache key of a context; `scope` separates languages and settings. */
  static key(scope: string, prefix: string, suffix: string): string {
    return hashText(`${scope}\0${prefix.length}\0${prefix}\0${suffix}`);
  }

  /** Stores ranked samples for a context (nothing is stored for an empty list). */
  store(scope: string, prefix: string, suffix: string, ranked: RankedSample[]): void {
    if (ranked.length === 0) {
      return;
    }
    this.set(CompletionCache.key(scope, prefix, suffix), {
      prefixLength: prefix.length,
      prefixHash: hashText(`${scope}\0${prefix}`),
      suffixHash: hashText(suffix),
      ranked,
    });
  }

  /** The exact answer for this context, else a typing-through answer, else undefined. */
  lookup(scope: string, prefix: string, suffix: string): CacheHit | undefined {
    const exact = this.get(CompletionCache.key(scope, prefix, suffix));
    if (exact) {
      return { kind: 'exact', items: exact.ranked.map((r) => ({ text: r.sample.text, ranked: r })) };
    }
    return this.typingThrough(scope, prefix, suffix);
  }

  private typingThrough(scope: string, prefix: string, suffix: string): CacheHit | undefined {
    let suffixHash: string | undefined;
    let looked = 0;
    for (const [key, entry] of this.entries()) {
      if (looked++ >= TYPING_THROUGH_ENTRIES) {
        break;
      }
      if (entry.prefixLength >= prefix.length) {
        continue;
      }
      suffixHash ??= hashText(suffix);
      if (entry.suffixHash !== suffixHash) {
        continue;
      }
      if (hashText(`${scope}\0${prefix.slice(0, entry.prefixLength)}`) !== entry.prefixHash) {
        continue;
      }
      const typed = prefix.slice(entry.prefixLength);
      const items = remainders(entry.ranked, typed);
      if (items.length > 0) {
        this.get(key); // mark as recently used
        return { kind: 'typingThrough', items };
      }
    }
    return undefined;
  }
}

/** The rest of every ranked sample that starts with `typed` (rank order kept, empty rests dropped). */
export function remainders(ranked: RankedSample[], typed: string): { text: string; ranked: RankedSample }[] {
  return ranked
    .filter((r) => r.sample.text.length > typed.length && r.sample.text.startsWith(typed))
    .map((r) => ({ text: r.sample.text.slice(typed.length), ranked: r }));
}
