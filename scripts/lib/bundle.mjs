// What the committed bundles (scripts/build-actions.mjs, scripts/build-cli.mjs) share: the
// repository root, the require shim, and the licence notices of the packages they inline.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Bundled CommonJS packages (pg, its helpers) call require() for Node built-ins, which an ES
// module does not have; esbuild's require shim picks up this one.
export const requireBanner =
  "import { createRequire as __strukt_createRequire } from 'node:module';\n" +
  'const require = __strukt_createRequire(import.meta.url);';

/** The package folder (`node_modules/x` or `node_modules/@s/x`, innermost) of a bundled input, or null. */
export function packageDirOf(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? match[1] : null;
}

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;

/**
 * licenses.txt: name@version, the declared licence and the licence file of every package with code
 * in the bundle, sorted, so a rebuild writes the same bytes.
 */
export async function licenseNotices(metafile) {
  const dirs = [...new Set(Object.keys(metafile.inputs).map(packageDirOf).filter(Boolean))];
  const entries = [];
  for (const dir of dirs) {
    const manifest = JSON.parse(await readFile(path.join(root, dir, 'package.json'), 'utf8'));
    const files = (await readdir(path.join(root, dir))).filter((f) => LICENSE_FILE.test(f)).sort();
    const text = files[0]
      ? (await readFile(path.join(root, dir, files[0]), 'utf8')).trim()
      : `No licence file in the package; its package.json declares ${manifest.license ?? 'no licence'}.`;
    entries.push({
      id: `${manifest.name}@${manifest.version}`,
      license: manifest.license ?? 'UNKNOWN',
      text,
    });
  }
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const unique = entries.filter((e, i) => i === 0 || e.id !== entries[i - 1].id);
  return (
    unique.map((e) => `${e.id}\n${e.license}\n\n${e.text}\n`).join('\n-----\n\n') || 'No bundled packages.\n'
  );
}

/** Throws when a built file names the absolute path of the machine that built it. */
export function assertRelocatable(file, text) {
  if (text.includes(root)) {
    throw new Error(`${file} contains the absolute path ${root}. Expected only repository-relative paths.`);
  }
}
