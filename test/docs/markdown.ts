import fs from 'node:fs';
import path from 'node:path';
import { rootDir } from '../../server/paths';

/** The pages the docs checks read: the front page and everything under docs/. */
export function docPages(): string[] {
  const found: string[] = [path.join(rootDir, 'README.md')];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) found.push(full);
    }
  };
  walk(path.join(rootDir, 'docs'));
  return found;
}

export interface Line {
  /** 1-based, for messages. */
  number: number;
  text: string;
}

export interface CodeBlock {
  /** The info string after the opening fence (`sh`, `ini`), empty when none. */
  info: string;
  /** The block's lines, without the fences and without the indentation of the opening fence. */
  body: string;
}

/**
 * Splits a page into its prose lines and its fenced code blocks (``` or ~~~, also indented in
 * a list item): links and headings are read from the prose only, so a `# comment` in a shell
 * block is not a heading and `[x](y)` in code is not a link.
 */
export function splitPage(source: string): { prose: Line[]; code: CodeBlock[] } {
  const prose: Line[] = [];
  const code: CodeBlock[] = [];
  let open: { fence: string; indent: number; info: string; lines: string[] } | undefined;
  source.split('\n').forEach((text, i) => {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)/.exec(text);
    if (open) {
      if (fence && fence[2]!.startsWith(open.fence) && text.trim() === fence[2]) {
        code.push({ info: open.info, body: open.lines.join('\n') + '\n' });
        open = undefined;
      } else open.lines.push(text.slice(Math.min(open.indent, text.length - text.trimStart().length)));
      return;
    }
    if (fence) open = { fence: fence[2]!, indent: fence[1]!.length, info: fence[3] ?? '', lines: [] };
    else prose.push({ number: i + 1, text });
  });
  if (open) throw new Error(`a code block opened with ${open.fence} is never closed`);
  return { prose, code };
}

/** A line with its inline code spans blanked out (their text is neither link nor markup). */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));
}

/**
 * The anchor GitHub gives a heading: its text as rendered (code spans and links as their text,
 * emphasis and tags dropped), lower-cased, without punctuation, each space a hyphen; a repeated
 * anchor gets -1, -2, … in order.
 */
export function headingAnchors(source: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of splitPage(source).prose) {
    const explicit = [...text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)].map((m) => m[1]!);
    for (const id of explicit) anchors.add(id);
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const rendered = heading[1]!
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/`/g, '')
      .replace(/\*/g, '');
    const base = rendered
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const times = seen.get(base) ?? 0;
    seen.set(base, times + 1);
    anchors.add(times === 0 ? base : `${base}-${times}`);
  }
  return anchors;
}

export interface Link {
  line: number;
  target: string;
}

/** Every link target in the prose: inline links and images, reference definitions, and src/href attributes. */
export function linksOf(source: string): Link[] {
  const links: Link[] = [];
  for (const { number, text } of splitPage(source).prose) {
    const plain = withoutCodeSpans(text);
    for (const m of plain.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      links.push({ line: number, target: m[1]! });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(plain);
    if (definition) links.push({ line: number, target: definition[1]! });
    for (const m of plain.matchAll(/\b(?:src|href)="([^"]+)"/g)) links.push({ line: number, target: m[1]! });
  }
  return links;
}

/** The rows of the first table after `heading` (up to the next heading of its level or above), as cells. */
export function tableUnder(source: string, heading: string): string[][] {
  const { prose } = splitPage(source);
  const level = /^#+/.exec(heading)![0].length;
  const start = prose.findIndex((l) => l.text.trim() === heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const rows: string[][] = [];
  for (const { text } of prose.slice(start + 1)) {
    const next = /^(#+)\s/.exec(text);
    if (next && next[1]!.length <= level) break;
    if (text.trimStart().startsWith('|')) {
      const cells = text
        .trim()
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split(/(?<!\\)\|/);
      rows.push(cells.map((c) => c.trim()));
    } else if (rows.length) break;
  }
  return rows;
}
