import { University } from '../../models/university';
import { User } from '../../models/user';
import { hashPassword } from '../auth/passwords';
import { seoulDayOf } from '../lib/calendar';
import { followUpConsentVersion, privacyConsentVersion } from '../services/accounts/consent';

/** Demo people signed up like real trainees: with the required consent, and active today. */
export function demoPrivacyConsent() {
  return { privacyConsent: { version: privacyConsentVersion, at: new Date() }, lastActiveDay: seoulDayOf(Date.now()) };
}

/** Shared by every demo account; printed at start in development only. */
export const demoPassword = 'Pohang-Battery-2026';

const staffNames: Record<string, string> = {
  postech: '박소재',
  korea: '이부품',
  kangwon: '봉에너지',
  knu: '이협업',
  pknu: '손기술',
  yu: '권모빌',
  uiduk: '이동해',
  handong: '김그린',
};

export interface DemoAccount {
  role: string;
  email: string;
  name: string;
  note?: string;
}

/** The demo trainee, one staff member per university, a city officer and an administrator. */
export async function seedDemoAccounts(): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(demoPassword);
  const accounts: DemoAccount[] = [];
  const add = async (doc: Record<string, unknown> & { email: string; name: string; role: string }, note?: string) => {
    await User.create({ ...doc, passwordHash, locale: 'ko', passwordChangedAt: new Date() });
    accounts.push({ role: doc.role, email: doc.email, name: doc.name, note });
  };

  await add({
    email: 'trainee@demo.kr',
    name: '김지원',
    role: 'trainee',
    trainee: {
      category: 'job_seeker',
      affiliation: '포항시 남구',
      pohangResident: true,
      namedReportingConsent: true,
      namedReportingConsentAt: new Date(),
      namedReportingConsentVersion: '2026-1',
      followUp: { given: true, at: new Date(), version: followUpConsentVersion },
    },
    ...demoPrivacyConsent(),
  });
  for (const university of await University.find().sort({ order: 1 }).lean()) {
    await add(
      {
        email: `staff.${university.code}@demo.kr`,
        name: staffNames[university.code] ?? university.name.ko,
        role: 'university_staff',
        university: university._id,
      },
      university.name.ko,
    );
  }
  await add({ email: 'city@demo.kr', name: '이도현', role: 'city_staff' }, '포항시 이차전지산업과');
  await add({ email: 'admin@demo.kr', name: '관리자', role: 'admin' });
  return accounts;
}

export function describeAccounts(accounts: DemoAccount[]): string {
  const width = Math.max(...accounts.map((a) => a.email.length));
  const lines = accounts.map(
    (a) => `  ${a.role.padEnd(17)} ${a.email.padEnd(width)}  ${a.name}${a.note ? ` (${a.note})` : ''}`,
  );
  return `Demo accounts (password for all: ${demoPassword}):\n${lines.join('\n')}`;
}
