import { model, Schema, type InferSchemaType } from 'mongoose';
import { localizedText } from './localized-text';
import { storedText, textLimits } from './text';

const faqSchema = new Schema(
  {
    question: { type: localizedText(true, { max: textLimits.messageSubject }), required: true },
    answer: { type: localizedText(true, { max: textLimits.decisionReason * 4, multiline: true }), required: true },
  },
  { _id: false },
);

/**
 * The programme's contact page (/contact), one document (`_id: 'contact'`) that city staff edit:
 * the office, phone, email, hours and a list of questions and answers, in both languages. Its email
 * is also where replies to the app's mail go when no staff member wrote it (mail/worker.ts).
 */
const programmeContactSchema = new Schema(
  {
    _id: { type: String, default: 'contact' },
    office: { type: localizedText(true, { max: textLimits.venue }), required: true },
    phone: { ...storedText(40), default: '' },
    email: { ...storedText(textLimits.email), default: '' },
    hours: { type: localizedText(false, { max: textLimits.venue }), default: () => ({ ko: '', en: '' }) },
    faq: { type: [faqSchema], default: [] },
    updatedAt: { type: Date },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { collection: 'programme_contact', versionKey: false },
);

export type ProgrammeContactDoc = InferSchemaType<typeof programmeContactSchema>;
export const ProgrammeContact = model('ProgrammeContact', programmeContactSchema);
