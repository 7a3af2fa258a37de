import type { Types } from 'mongoose';
import { Certificate } from '../../../models/certificate';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import { findByIds } from '../../lib/find-by-ids';
import { issueCertificate } from '../certificates/issue';
import { courseName, type EnrollmentRow, type Reads } from './reads';
import { NotRepaired, type Check, type Difference } from './types';

interface CertificateRow {
  _id: Types.ObjectId;
  number: string;
  enrollment: Types.ObjectId;
  course: Types.ObjectId;
  university: Types.ObjectId;
  revokedAt?: Date | null;
}

interface CertificateDifference extends Difference {
  /** A completed enrollment that has no certificate at all: the one kind this check repairs. */
  missing?: EnrollmentRow;
}

/**
 * 5. Every completed enrollment has exactly one valid (not revoked) certificate, and no enrollment
 * in another status has a valid one. At most one per enrollment is the unique index's job; this
 * finds the other three cases:
 *
 * - completed, no certificate (the completion was written and the issue never happened): repaired
 *   by issuing it through the certificates service, dated the day completion was decided;
 * - completed, its certificate revoked: reported only (a revocation steps the enrollment back to
 *   not_completed first, so whether the completion or the revocation is right is for staff);
 * - a valid certificate of an enrollment not completed: reported only (a revocation that stopped
 *   half-way lost its reason, which only the staff who revoked it can give).
 *
 * Not safe for the periodic job: a certificate is a public statement in the university's name
 * (a number and a page anyone may check), and it cannot be taken back, only revoked visibly with
 * a reason. The service would issue it without an actor, but nobody would then have decided it;
 * a person runs `npm run check-data -- --repair` for it, and the audit log records that the data
 * check issued it.
 */
export function certificateCheck(reads: Reads): Check<CertificateDifference> {
  return {
    name: 'certificates',
    description:
      'every completed enrollment has one valid certificate, and no enrollment in another status has a valid one',
    safe: false,
    async find() {
      const [courses, completed, certificates] = await Promise.all([
        reads.courses(),
        reads.enrollments('completed'),
        Certificate.find({}, { number: 1, enrollment: 1, course: 1, university: 1, revokedAt: 1 }).lean<
          CertificateRow[]
        >(),
      ]);
      const found: CertificateDifference[] = [];
      const byEnrollment = new Map(certificates.map((c) => [String(c.enrollment), c]));
      const completedIds = new Set(completed.map((e) => String(e._id)));
      for (const e of completed) {
        const certificate = byEnrollment.get(String(e._id));
        const about = {
          check: 'certificates',
          course: e.course,
          university: e.university,
          target: { type: 'Enrollment' as const, id: e._id },
        };
        const which = `enrollment ${String(e._id)} of ${courseName(courses, e.course)}`;
        if (!certificate) found.push({ ...about, missing: e, text: `${which} is completed but has no certificate` });
        else if (certificate.revokedAt)
          found.push({ ...about, text: `${which} is completed but its certificate ${certificate.number} is revoked` });
      }
      const valid = certificates.filter((c) => !c.revokedAt && !completedIds.has(String(c.enrollment)));
      const owners = await findByIds(
        Enrollment,
        valid.map((c) => c.enrollment),
        { status: 1 },
      );
      for (const c of valid) {
        const status = owners.get(String(c.enrollment))?.status;
        found.push({
          check: 'certificates',
          course: c.course,
          university: c.university,
          target: { type: 'Certificate', id: c._id },
          text: `certificate ${c.number} of ${courseName(courses, c.course)} is valid, but its enrollment ${String(c.enrollment)} ${status ? `is ${status.replace('_', ' ')}` : 'does not exist'}`,
        });
      }
      return found;
    },
    async repair({ missing }) {
      if (!missing) throw new NotRepaired('no repair: staff decide whether the completion or the certificate is right');
      const enrollment = await Enrollment.findById(missing._id, {
        status: 1,
        trainee: 1,
        course: 1,
        completion: 1,
      }).lean();
      if (enrollment?.status !== 'completed') throw new NotRepaired('on a second look the enrollment is not completed');
      if (await Certificate.exists({ enrollment: enrollment._id }))
        throw new NotRepaired('on a second look it has its certificate (an issue was in progress)');
      const course = await Course.findById(enrollment.course, {
        title: 1,
        totalHours: 1,
        university: 1,
        sessions: 1,
      }).lean();
      const [university, trainee] = await Promise.all([
        course && University.findById(course.university, { code: 1, name: 1 }).lean(),
        User.findById(enrollment.trainee, { name: 1, anonymisedAt: 1 }).lean(),
      ]);
      if (!course || !university) throw new NotRepaired('its course or university does not exist');
      if (!trainee) throw new NotRepaired("its trainee's account does not exist");
      const certificate = await issueCertificate(null, {
        enrollmentId: String(enrollment._id),
        course,
        trainee,
        university,
        issuedAt: enrollment.completion?.decidedAt ?? new Date(),
      });
      // A closed account's certificate carries its pseudonym, and the public check shows no name.
      if (trainee.anonymisedAt)
        await Certificate.updateOne({ _id: certificate._id }, { $set: { traineeAnonymised: true } });
    },
  };
}
