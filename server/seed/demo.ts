import mongoose from 'mongoose';
import { MailMessage } from '../../models/mail-message';
import { describeAccounts, seedDemoAccounts } from './accounts';
import { seedCompletions } from './completions';
import { seedDemoCourses } from './demo-courses';
import { seedOutcomes } from './demo-outcomes';
import { rebuildAllCourseFigures } from '../services/copies/course-figures';
import { seedSkills } from './skill-list';
import { seedDemoTargets } from './demo-targets';
import { seedUniversities } from './partner-universities';

/** Empties the database and loads the demo data; returns what to print about it. */
export async function seedDemo(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('seedDemo needs a connected database');
  for (const collection of await db.collections()) await collection.deleteMany({});
  await seedUniversities();
  await seedSkills();
  const accounts = await seedDemoAccounts();
  await seedDemoCourses();
  // Past courses were moved back in time by direct writes, which bypass the figures' hooks.
  await rebuildAllCourseFigures();
  // Finished courses get attendance, completions, certificates and acknowledged reports.
  await seedCompletions();
  // This year's targets, about half of them met by the figures above.
  await seedDemoTargets();
  // Completed trainees who consent to the follow-up have answered it (3 months).
  await seedOutcomes();
  // The demo is made through the services, which mail what they notify: its people are
  // fictional, so their notices stay in the app and nothing is sent.
  await MailMessage.deleteMany({});
  return describeAccounts(accounts);
}
