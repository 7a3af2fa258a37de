import crypto from 'node:crypto';
import { University } from '../../models/university';
import { User, type Role, type TraineeCategory } from '../../models/user';
import { hashPassword } from '../../server/auth/passwords';

export const defaultPassword = 'correct horse battery staple';

let passwordHash: Promise<string> | undefined;
/** Hashing is deliberately slow; every factory user shares one hash of the default password. */
function defaultHash(): Promise<string> {
  passwordHash ??= hashPassword(defaultPassword);
  return passwordHash;
}

export async function universityId(code: string): Promise<string> {
  const university = await University.findOne({ code }).lean();
  if (!university) throw new Error(`no university ${code}: is the seed loaded?`);
  return String(university._id);
}

export interface UserSpec {
  role?: Role;
  university?: string;
  name?: string;
  email?: string;
  category?: TraineeCategory;
  pohangResident?: boolean;
  consent?: boolean;
  locale?: 'ko' | 'en';
}

export async function createUser(spec: UserSpec = {}) {
  const role = spec.role ?? 'trainee';
  const suffix = crypto.randomBytes(4).toString('hex');
  return User.create({
    email: spec.email ?? `${role}-${suffix}@example.kr`,
    passwordHash: await defaultHash(),
    name: spec.name ?? `테스트 ${role} ${suffix}`,
    role,
    locale: spec.locale ?? 'ko',
    university: spec.university ? await universityId(spec.university) : undefined,
    trainee:
      role === 'trainee'
        ? {
            category: spec.category ?? 'job_seeker',
            affiliation: '포항',
            pohangResident: spec.pohangResident ?? true,
            namedReportingConsent: spec.consent ?? false,
            namedReportingConsentAt: spec.consent ? new Date() : undefined,
          }
        : undefined,
  });
}

export const createTrainee = (spec: Omit<UserSpec, 'role'> = {}) => createUser({ ...spec, role: 'trainee' });
export const createStaff = (university: string, spec: Omit<UserSpec, 'role' | 'university'> = {}) =>
  createUser({ ...spec, role: 'university_staff', university });
export const createCityStaff = (spec: Omit<UserSpec, 'role'> = {}) => createUser({ ...spec, role: 'city_staff' });
