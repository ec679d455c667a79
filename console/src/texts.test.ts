import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './texts/en';

/** Every source file of the console, tests aside. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(dir, entry.name))
    : /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [join(dir, entry.name)] : []));
}

describe('every text a page asks for exists', () => {
  it('has each literal key of t(…), translate(…) and the navigation in English (and so, by the other test, in Indonesian)', () => {
    const used = new Set<string>();
    for (const file of sources(new URL('.', import.meta.url).pathname)) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/(?:\bt\(|translate\(locale, )'([a-z0-9.-]+)'/g)) used.add(m[1]);
      for (const m of code.matchAll(/\['\/[^']*', '([a-z0-9.-]+)'\]/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(150);
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });
});
