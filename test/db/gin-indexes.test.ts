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

  /** Scans of the GIN index on `_jsonb->'field'` of the model's table, or undefined when there is none. */
  async function ginScans(model: Pick<IndexedModel, 'collection'>, field: string): Promise<number | undefined> {
    const { rows } = await client.query<{ scans: string }>(
      `SELECT s.idx_scan AS scans
         FROM pg_stat_user_indexes s
         JOIN pg_indexes i ON i.schemaname = s.schemaname AND i.indexname = s.indexrelname
        WHERE s.schemaname = $1 AND s.relname = $2
          AND i.indexdef LIKE '%USING gin%' AND i.indexdef LIKE $3`,
      [ctx.dbName, tables.get(model.collection.collectionName), `%(_jsonb -> '${field}'::text)%`],
    );
    return rows[0] && Number(rows[0].scans);
  }

  it('exist for _id and every top-level indexed field of every model', async () => {
    for (const model of Object.values(mongoose.models)) {
      for (const field of equalityFields(model)) {
        assert.notEqual(await ginScans(model, field), undefined, `${model.modelName}.${field}`);
      }
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

    const before = { course: await ginScans(Enrollment, 'course'), id: await ginScans(User, '_id') };

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
      after = { course: await ginScans(Enrollment, 'course'), id: await ginScans(User, '_id') };
      if (after.course! >= before.course! + 6 && after.id! >= before.id! + 3) break;
    }
    assert.ok(after.course! >= before.course! + 6, `Enrollment.course GIN scans: ${before.course} → ${after.course}`);
    assert.ok(after.id! >= before.id! + 3, `User._id GIN scans: ${before.id} → ${after.id}`);
  });
});
