import { z } from 'zod';
import { textLimits } from '../../models/text';
import type { ContactInput } from '../services/notifications/programme-contact';
import { email, optionalText, requiredText } from './fields';

/** What staff write to people: a subject and a body. */
const messageFields = {
  subject: requiredText(textLimits.messageSubject),
  body: requiredText(textLimits.messageBody, { multiline: true }),
};

/** An announcement: a subject and a body, shown and mailed as typed (escaped). */
export const announcementSchema = z.object(messageFields);

/** The most questions the contact page lists. */
export const maxFaq = 20;
const faqText = optionalText(textLimits.messageBody, { multiline: true });

/** The FAQ as typed: one question and answer per block (blank line between), the first line the question. */
function faqBlocks(text: string): { question: string; answer: string }[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const [question = '', ...answer] = block.split('\n');
      return { question: question.trim(), answer: answer.join('\n').trim() };
    });
}

/**
 * The contact page's form: office, phone, email and hours, and the FAQ in both languages, the
 * same questions in the same order (a block without an answer, or a count that differs, is refused
 * on the field).
 */
export const contactSchema = z
  .object({
    officeKo: requiredText(textLimits.venue),
    officeEn: requiredText(textLimits.venue),
    phone: optionalText(40).pipe(z.string().regex(/^[0-9+\-(). ]*$/, 'announcements.contact.errors.phone')),
    email: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), email.optional()),
    hoursKo: optionalText(textLimits.venue),
    hoursEn: optionalText(textLimits.venue),
    faqKo: faqText,
    faqEn: faqText,
  })
  .transform((form, ctx): ContactInput => {
    const ko = faqBlocks(form.faqKo);
    const en = faqBlocks(form.faqEn);
    for (const [field, blocks] of [
      ['faqKo', ko],
      ['faqEn', en],
    ] as const) {
      if (blocks.some((b) => !b.answer || b.question.length > textLimits.messageSubject))
        ctx.addIssue({ code: 'custom', path: [field], message: 'announcements.contact.errors.faqBlock' });
      if (blocks.length > maxFaq)
        ctx.addIssue({ code: 'custom', path: [field], message: 'announcements.contact.errors.faqTooMany' });
    }
    if (ko.length !== en.length)
      ctx.addIssue({ code: 'custom', path: ['faqEn'], message: 'announcements.contact.errors.faqCount' });
    return {
      office: { ko: form.officeKo, en: form.officeEn },
      phone: form.phone,
      email: form.email ?? '',
      hours: { ko: form.hoursKo, en: form.hoursEn },
      faq: ko.map((q, i) => ({
        question: { ko: q.question, en: en[i]?.question ?? '' },
        answer: { ko: q.answer, en: en[i]?.answer ?? '' },
      })),
    };
  });

/** The contact details as the form shows them again. */
export function contactToValues(contact: ContactInput): Record<string, string> {
  const faq = (lang: 'ko' | 'en') => contact.faq.map((f) => `${f.question[lang]}\n${f.answer[lang]}`).join('\n\n');
  return {
    officeKo: contact.office.ko,
    officeEn: contact.office.en,
    phone: contact.phone,
    email: contact.email,
    hoursKo: contact.hours.ko,
    hoursEn: contact.hours.en,
    faqKo: faq('ko'),
    faqEn: faq('en'),
  };
}
