/**
 * What text the app accepts and stores, shared by the forms (server/forms/fields.ts) and the
 * models (models/text.ts), so that a text the form accepts is one the model stores.
 *
 * Length is counted in characters as a reader sees them: grapheme clusters (Intl.Segmenter),
 * so 가, é, 👍🏽 and 👨‍👩‍👧 are one character each, whatever their UTF-16 or code-point length.
 *
 * Refused, because they are invisible or change how the text around them is shown (reversed
 * file names in certificates, blank-looking names, hidden text in exports):
 * - control characters: C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F); a multi-line field
 *   keeps line feed and tab, and its CR LF or CR line breaks become LF;
 * - format characters (general category Cf): the bidirectional embeddings and overrides
 *   U+202A–U+202E, isolates U+2066–U+2069 and marks U+200E, U+200F, U+061C; zero-width
 *   space, non-joiner and joiner U+200B–U+200D; word joiner and invisible operators
 *   U+2060–U+2064; U+FEFF; soft hyphen U+00AD; tag characters U+E0001–U+E007F; and the rest
 *   of Cf. The joiner inside an emoji (👨‍👩‍👧) and the tags of a flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿) are kept;
 * - line and paragraph separators U+2028, U+2029, and unpaired surrogates;
 * - the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, which show as blank space;
 * - a character stacking more than 4 combining marks or made of more than 16 code points
 *   ("Zalgo" text, endless joiner chains); the longest emoji sequence is 10.
 */

export interface TextShape {
  /** A textarea: line feeds and tabs are allowed. */
  multiline?: boolean;
}

export type TextProblem =
  { kind: 'tooLong'; max: number } | { kind: 'character'; codePoint: string } | { kind: 'stacked' };

export const maxMarksPerCharacter = 4;
export const maxCodePointsPerCharacter = 16;
/** A character of at most 16 code points is at most 32 UTF-16 units. */
const maxUnitsPerCharacter = 2 * maxCodePointsPerCharacter;

const invisible = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/u;
const format = /\p{Cf}/u;
const mark = /\p{M}/gu;
const pictographic = /\p{Extended_Pictographic}/u;
const tag = /[\u{E0020}-\u{E007F}]/u;
const waveFlag = '\u{1F3F4}';

/** NFC (so a decomposed 한 from a Mac counts as one character), CR LF as LF in a multi-line text, trimmed. */
export function normalizeText(value: string, shape: TextShape = {}): string {
  const composed = value.normalize('NFC');
  return (shape.multiline ? composed.replace(/\r\n?/g, '\n') : composed).trim();
}

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
const window = 512;

/**
 * The grapheme clusters of a text. V8's segment iterator re-reads the whole string at each
 * step, which makes one pass over a long text quadratic (100,000 characters took a minute), so
 * the text is segmented a window at a time; each window starts at a cluster boundary found by
 * the one before, and a window's last cluster, which may go on past it, starts the next one.
 */
export function* graphemes(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    const slice = text.slice(start, start + window);
    const segments = [...segmenter.segment(slice)];
    if (start + window >= text.length) {
      for (const s of segments) yield s.segment;
      return;
    }
    const last = segments.pop()!;
    // One cluster filling the whole window is far over the limit of a character; it is cut here.
    if (segments.length === 0) {
      yield last.segment;
      start += last.segment.length;
      continue;
    }
    for (const s of segments) yield s.segment;
    start += last.index;
  }
}

export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function refused(char: string, cluster: string, shape: TextShape): boolean {
  if (shape.multiline && (char === '\n' || char === '\t')) return false;
  if (invisible.test(char)) return true;
  if (!format.test(char)) return false;
  if (char === '\u200D') return !pictographic.test(cluster);
  if (tag.test(char)) return !cluster.startsWith(waveFlag);
  return true;
}

function clusterProblem(cluster: string, shape: TextShape): TextProblem | undefined {
  const points = [...cluster];
  if (points.length > maxCodePointsPerCharacter || (cluster.match(mark)?.length ?? 0) > maxMarksPerCharacter)
    return { kind: 'stacked' };
  const bad = points.find((char) => refused(char, cluster, shape));
  return bad === undefined ? undefined : { kind: 'character', codePoint: codePointLabel(bad) };
}

/** Why a (normalized) text may not be stored in a field of at most `max` characters, or undefined when it may. */
export function textProblem(text: string, max: number, shape: TextShape = {}): TextProblem | undefined {
  // Longer than `max` of the longest characters: too long, without segmenting all of it.
  if (text.length > max * maxUnitsPerCharacter) return { kind: 'tooLong', max };
  let length = 0;
  for (const cluster of graphemes(text)) {
    const problem = clusterProblem(cluster, shape);
    if (problem) return problem;
    length++;
  }
  return length > max ? { kind: 'tooLong', max } : undefined;
}
