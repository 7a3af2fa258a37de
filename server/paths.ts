import fs from 'node:fs';
import path from 'node:path';

// The same code runs from source (tsx) and from dist/, so the project root is
// found by walking up to package.json rather than assumed relative to __dirname.
function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const rootDir = findRoot(__dirname);
export const viewsDir = path.join(rootDir, 'views');
export const publicDir = path.join(rootDir, 'public');
export const localesDir = path.join(rootDir, 'server', 'i18n', 'locales');
/** The font files the PDFs embed (Noto Sans KR Regular and Bold), with their licence (OFL.txt). */
export const fontsDir = path.join(rootDir, 'server', 'assets', 'fonts');
export const engineSourceDir = path.join(rootDir, 'tools', 'ferretdb');
