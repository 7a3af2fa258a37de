// {{#if (untranslatedKorean session.topic)}}: true when the text is Korean (has Hangul) and the page is
// not, so the view can mark it lang="ko" and say it is in Korean (texts entered once, e.g. session topics).
import type { HelperOptions } from 'handlebars';
import { hasHangul } from '../../server/lib/hangul';
import { renderContext } from './render-context';

export function untranslatedKorean(text: unknown, options: HelperOptions): boolean {
  return renderContext(options).lang !== 'ko' && typeof text === 'string' && hasHangul(text);
}
