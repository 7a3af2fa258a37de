import { model, Schema, type InferSchemaType } from 'mongoose';
import { roles } from './user';

export const intentKinds = ['apply', 'withdraw', 'approve', 'reject', 'refill', 'cancel', 'revoke'] as const;
export type IntentKind = (typeof intentKinds)[number];

/**
 * One action on a course's places, its status or a certificate of it, asked for and not decided yet (DESIGN.md, "Writes:
 * intents, facts and copies"). The `_id` is the action's idempotency key, so a double-click or a
 * retried request is the same intent. The course's allocator (server/services/allocation/) reads
 * a course's intents by the indexed `course` equality, decides them in arrival order (`at`, then
 * `_id`), writes their facts and an ActionOutcome under the same key, and deletes them: whatever
 * stays here is unfinished work, which the allocator resumes.
 */
const actionIntentSchema = new Schema(
  {
    _id: { type: String, required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    kind: { type: String, enum: intentKinds, required: true },
    /** apply: the applicant; the others: the enrollment's trainee, when known. */
    trainee: { type: Schema.Types.ObjectId, ref: 'User' },
    /** withdraw, approve, reject, revoke: the application it decides on. */
    enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment' },
    /** apply: the applicant's category when they asked (eligibility is checked again when decided). */
    category: { type: String },
    /** apply: a seat makes the application enrolled rather than pending (no approval needed, or staff enrol). */
    approved: { type: Boolean, default: false },
    /** apply: whether staff enrolled the trainee (audited as such). */
    byStaff: { type: Boolean, default: false },
    /** Who asked, as the audit log and the notices name them; none for the app's own refills. */
    actor: {
      id: { type: String },
      role: { type: String, enum: roles },
      name: { type: String, default: '' },
      email: { type: String, default: '' },
      universityId: { type: String },
    },
    reason: { type: String },
    /** revoke: the certificate that goes, as its holder's notice names it. */
    certificate: {
      id: { type: Schema.Types.ObjectId, ref: 'Certificate' },
      number: { type: String },
      title: { ko: { type: String }, en: { type: String } },
    },
    at: { type: Date, required: true },
  },
  { collection: 'action_intents', versionKey: false },
);
actionIntentSchema.index({ course: 1 });

export type ActionIntentDoc = InferSchemaType<typeof actionIntentSchema>;
export const ActionIntent = model('ActionIntent', actionIntentSchema);
