// Prints the console's bundle: each file's size and gzipped size, and the script the first page loads
// (gzipped), which must stay within 250 KB (issue 26); the build fails past it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = 'target/classes/META-INF/resources/console';
const LIMIT = 250 * 1024;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path); else files.push(path);
  }
})(root);
let script = 0;
for (const file of files.sort()) {
  const bytes = readFileSync(file);
  const gzipped = gzipSync(bytes).length;
  if (file.endsWith('.js')) script += gzipped;
  console.log(`[console] ${relative(root, file).padEnd(40)} ${String(bytes.length).padStart(9)} B  ${String(gzipped).padStart(8)} B gzipped`);
}
console.log(`[console] script loaded by the first page: ${(script / 1024).toFixed(1)} KB gzipped (limit ${LIMIT / 1024} KB)`);
if (script > LIMIT) {
  console.error('[console] the first page loads more script than the limit');
  process.exit(1);
}
