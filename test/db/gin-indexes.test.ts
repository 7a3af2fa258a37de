import assert from 'node:assert/strict';
import mongoose, { Types } from 'mongoose';
import pg from 'pg';
import { Enrollment } from '../../models/enrollment';
import { User } from '../../models/user';
import { collectionTables, equalityFields, type IndexedModel } from '../../server/db/engine-indexes';
import { useTestApp } from '../support/app';

// Reads PostgreSQL's own statistics, so it only runs on the embedded engine.
describe('embedded engine: GIN indexes serve equality queries', function () {
  this.timeout(60_000);
  const ctx = useTestApp();
  let client: pg.Client;
  let tables: Map<string, string>;

  before(async function () {
    const postgresUrl = process.env.TEST_POSTGRES_URL;
    if (!postgresUrl) this.skip();
    client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    tables = await collectionTables(client, ctx.dbName);
  });
  after(async () => {
    await client?.end();
  });

  /** Scans of every GIN index of the test database, by `Collection.field`. */
  async function ginScans(): Promise<Map<string, number>> {
    const { rows } = await client.query<{ table: string; def: string; scans: string }>(
      `SELECT s.relname AS table, i.indexdef AS def, s.idx_scan AS scans
         FROM pg_stat_user_indexes s
         JOIN pg_indexes i ON i.schemaname = s.schemaname AND i.indexname = s.indexrelname
        WHERE s.schemaname = $1 AND i.indexdef LIKE '%USING gin%'`,
      [ctx.dbName],
    );
    const collections = new Map([...tables].map(([collection, table]) => [table, collection]));
    return new Map(
      rows.map((r) => [
        `${collections.get(r.table)}.${/\(_jsonb -> '(.+?)'::text\)/.exec(r.def)?.[1]}`,
        Number(r.scans),
      ]),
    );
  }
  const key = (model: Pick<IndexedModel, 'collection'>, field: string) => `${model.collection.collectionName}.${field}`;

  it('exist for _id and every top-level indexed field of every model', async () => {
    const scans = await ginScans();
    for (const model of Object.values(mongoose.models)) {
      for (const field of equalityFields(model)) assert.ok(scans.has(key(model, field)), key(model, field));
    }
  });

  it('are used by equality finds and counts through mongoose', async () => {
    // Enough rows that PostgreSQL prefers the index to reading the table.
    const courses = Array.from({ length: 20 }, () => new Types.ObjectId());
    const university = new Types.ObjectId();
    await Enrollment.collection.insertMany(
      Array.from({ length: 2_000 }, (_, i) => ({
        course: courses[i % courses.length],
        trainee: new Types.ObjectId(),
        university,
        status: 'enrolled',
        seq: 0,
        appliedAt: new Date(),
      })),
    );
    const users = await User.collection.insertMany(
      Array.from({ length: 2_000 }, (_, i) => ({ email: `gin-${i}@example.kr`, name: `GIN ${i}`, role: 'trainee' })),
    );

    const counts = async () => {
      const scans = await ginScans();
      return { course: scans.get(key(Enrollment, 'course'))!, id: scans.get(key(User, '_id'))! };
    };
    const before = await counts();

    for (const course of courses.slice(0, 3)) {
      assert.equal((await Enrollment.find({ course }).lean()).length, 100);
      assert.equal(await Enrollment.countDocuments({ course }), 100);
    }
    for (const id of [users.insertedIds[0], users.insertedIds[1_000], users.insertedIds[1_999]]) {
      assert.ok(await User.findById(id).lean());
    }

    // A backend reports its statistics when idle, at most once a second (else within ten seconds).
    let after = before;
    for (let deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      after = await counts();
      if (after.course >= before.course + 6 && after.id >= before.id + 3) break;
    }
    assert.ok(after.course >= before.course + 6, `Enrollment.course GIN scans: ${before.course} → ${after.course}`);
    assert.ok(after.id >= before.id + 3, `User._id GIN scans: ${before.id} → ${after.id}`);
  });
});
