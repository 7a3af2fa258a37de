import mongoose from 'mongoose';
import { describeAccounts, seedDemoAccounts } from './accounts';
import { seedDemoCourses } from './courses';
import { seedUniversities } from './universities';

/** Empties the database and loads the demo data; returns what to print about it. */
export async function seedDemo(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('seedDemo needs a connected database');
  for (const collection of await db.collections()) await collection.deleteMany({});
  await seedUniversities();
  const accounts = await seedDemoAccounts();
  await seedDemoCourses();
  return describeAccounts(accounts);
}
