import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { i18n, TFunction } from 'i18next';
import type { Locale } from '../../../i18n/index';
import { viewsDir } from '../../../paths';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailToRender {
  name: string;
  locale: Locale;
  kind: string;
  params?: Record<string, string | number> | null;
  link?: string | null;
  /** Where a reply goes, as the footer names it (a staff member's address or the programme office). */
  replyTo?: string | null;
}

export interface RenderedMail extends MailContent {
  /** The message's link, absolute. */
  url: string | undefined;
}

/**
 * The paragraph a mail about a seat ends with, when its parameters carry the first session
 * (notifications/course-details.ts): its day, times and venue, then the course's calendar file.
 */
function detailsOf(t: TFunction, baseUrl: string, values: Record<string, unknown>): string[] {
  if (typeof values.firstDate !== 'string' || !values.firstDate) return [];
  const calendar = typeof values.calendar === 'string' ? new URL(values.calendar, baseUrl).href : '';
  return [
    [
      t('mail.details.firstSession', values),
      t(values.venue ? 'mail.details.venue' : 'mail.details.noVenue', values),
      ...(calendar ? [t('mail.details.calendar', { url: calendar })] : []),
    ].join('\n'),
  ];
}

let htmlTemplate: ReturnType<typeof Handlebars.compile> | undefined;

/**
 * A message in the recipient's language, from the texts `mail.<kind>.{subject,body,action}`.
 * A kind that has only an in-app notice (`notifications.<kind>`) is sent with that sentence
 * and the general subject. Links are made absolute on BASE_URL, never on a request's Host.
 */
export function renderMail(i18n: i18n, baseUrl: string, mail: MailToRender): RenderedMail {
  const t = i18n.getFixedT(mail.locale);
  const has = (key: string) => i18n.exists(key, { lng: mail.locale, fallbackLng: false });
  const key = (part: string) => `mail.${mail.kind}.${part}`;
  const values = { ...mail.params, name: mail.name, baseUrl };
  const subject = t('mail.subjectLine', {
    subject: has(key('subject')) ? t(key('subject'), values) : t('mail.defaultSubject'),
  });
  const body = has(key('body')) ? t(key('body'), values) : t(`notifications.${mail.kind}`, values);
  const action = has(key('action')) ? t(key('action')) : t('mail.open');
  const url = mail.link ? new URL(mail.link, baseUrl).href : undefined;
  const greeting = t('mail.greeting', { name: mail.name });
  const footer = t(mail.replyTo ? 'mail.footerReplyTo' : 'mail.footer', { replyTo: mail.replyTo });
  const paragraphs = [...body.split('\n\n'), ...detailsOf(t, baseUrl, values)];
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(url ? [`${action}: ${url}`, ''] : []),
    '-- ',
    footer,
    '',
  ].join('\n');
  htmlTemplate ??= Handlebars.compile(fs.readFileSync(path.join(viewsDir, 'mail', 'message.hbs'), 'utf8'));
  const html = htmlTemplate({
    lang: mail.locale,
    subject,
    brand: t('common.appName'),
    greeting,
    // Each paragraph's own line breaks are kept in the HTML part as <br> (a list, an address, a signature).
    paragraphs: paragraphs.map((p) => p.split('\n')),
    url,
    action,
    footer,
  });
  return { subject, text, html, url };
}
