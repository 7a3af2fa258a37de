import { ProgrammeContact } from '../../../models/programme-contact';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import type { Bilingual } from '../../lib/bilingual';
import { recordAudit } from '../audit/record';
import { replyAddress } from './mail/outbox';

export interface ContactInput {
  office: Bilingual;
  phone: string;
  email: string;
  hours: Bilingual;
  faq: { question: Bilingual; answer: Bilingual }[];
}

/** What the page shows before city staff first edit it: the programme's operator, nothing invented. */
const initialContact: ContactInput = {
  office: { ko: '포항시 이차전지 인재 양성 사업 운영 사무국', en: 'Pohang City battery workforce programme office' },
  phone: '',
  email: '',
  hours: { ko: '', en: '' },
  faq: [],
};

/** The programme's contact details and FAQ (one `_id` read). */
export async function programmeContact(): Promise<ContactInput & { updatedAt?: Date | null }> {
  const stored = await ProgrammeContact.findById('contact').lean();
  if (!stored) return initialContact;
  return {
    office: stored.office,
    phone: stored.phone ?? '',
    email: stored.email ?? '',
    hours: stored.hours ?? { ko: '', en: '' },
    faq: stored.faq.map((f) => ({ question: f.question, answer: f.answer })),
    updatedAt: stored.updatedAt,
  };
}

/**
 * Where replies to the app's mail go when no staff member wrote it: the programme office's address
 * from the contact page, as `"office" <email>`; undefined until city staff set one.
 */
export async function officeReplyTo(): Promise<string | undefined> {
  const stored = await ProgrammeContact.findById('contact', { office: 1, email: 1 }).lean();
  if (!stored?.email) return undefined;
  return replyAddress({ name: stored.office.ko, email: stored.email });
}

/** City staff edit the contact page (the whole document is written, one writer at a time in practice). Audited. */
export async function updateProgrammeContact(actor: Actor, input: ContactInput): Promise<void> {
  assertCanOnProgramme(actor, 'announcements:manage');
  const before = await programmeContact();
  // Saved as a document, so the models' text rule checks every field as it is written.
  const doc = (await ProgrammeContact.findById('contact')) ?? new ProgrammeContact({ _id: 'contact' });
  doc.set({ ...input, updatedAt: new Date(), updatedBy: actor.id });
  await doc.save();
  await recordAudit({
    actor,
    action: 'announcement.contact_update',
    before: { phone: before.phone, email: before.email, faq: before.faq.length },
    after: { phone: input.phone, email: input.email, faq: input.faq.length },
  });
}
