import { eq } from './eq';
import { formatDate } from './format-date';
import { localized } from './localized';
import { t } from './t';

/** Every Handlebars helper the views may use, registered in one place. */
export const helpers = { eq, formatDate, localized, t };
