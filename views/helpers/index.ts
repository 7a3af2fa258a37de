import { barChart } from './bar-chart';
import { concat } from './concat';
import { eq } from './eq';
import { errorLinks } from './error-links';
import { formatDate } from './format-date';
import { homeArea } from './home-area';
import { labelled } from './labelled';
import { localized } from './localized';
import { percent } from './percent';
import { progressChart } from './progress-chart';
import { t } from './t';
import { targetLabel } from './target-label';
import { untranslatedKorean } from './untranslated-korean';
import { withReturnTo } from './with-return-to';

/** Every Handlebars helper the views may use, registered in one place. */
export const helpers = {
  barChart,
  concat,
  eq,
  errorLinks,
  formatDate,
  homeArea,
  labelled,
  localized,
  percent,
  progressChart,
  t,
  targetLabel,
  untranslatedKorean,
  withReturnTo,
};
