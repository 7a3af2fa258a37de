import { createI18n } from '../../server/i18n';
import type { ExportContext } from '../../server/services/city/export';
import { testConfig } from './app';

/** What the city's export routes pass to the export services: the page language's texts, and the test configuration's pseudonym key. */
export async function exportContext(lang: 'ko' | 'en' = 'ko'): Promise<ExportContext> {
  return { t: (await createI18n()).getFixedT(lang), lang, pseudonymKey: testConfig().pseudonymKey };
}
