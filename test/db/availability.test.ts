import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { isDatabaseUnreachable } from '../../server/db/availability';
import { ChangeChannelUnreachableError } from '../../server/db/change-channel';

const { MongoBulkWriteError, MongoServerError, MongoNetworkError } = mongoose.mongo;

/** An error as the driver builds it from FerretDB's reply: an internal error (code 1) with the backend's message. */
const ferretdbError = (errmsg: string, code = 1) =>
  new MongoServerError({ ok: 0, errmsg, code, codeName: 'InternalError' });

// Messages FerretDB 1.24 answered with (copied from the engine) while its PostgreSQL was killed or
// restarting: each is the database being away, a 503 for the user, never a 500.
const backendAway = [
  '[msg_find.go:344 handler.handleMaxTimeMSError] [collection.go:109 postgresql.(*collection).Query] failed to connect to `user=ferretdb database=ferretdb`: /tmp/bth/socket/.s.PGSQL.5432 (/tmp/bth/socket): dial error: dial unix /tmp/bth/socket/.s.PGSQL.5432: connect: connection refused',
  '[msg_find.go:344 handler.handleMaxTimeMSError] [collection.go:109 postgresql.(*collection).Query] write failed: write unix @->/tmp/bth/socket/.s.PGSQL.5432: write: broken pipe',
  '[msg_insert.go:120 handler.insert] [collection.go:250 postgresql.(*collection).InsertAll] unexpected EOF',
  '[msg_update.go:80 handler.updateDocument] conn closed',
  '[collection.go:109 postgresql.(*collection).Query] FATAL: terminating connection due to unexpected postmaster exit (SQLSTATE 57P01)',
  '[collection.go:109 postgresql.(*collection).Query] FATAL: the database system is starting up (SQLSTATE 57P03)',
  '[collection.go:109 postgresql.(*collection).Query] FATAL: the database system is in recovery mode (SQLSTATE 57P03)',
  '[collection.go:109 postgresql.(*collection).Query] FATAL: terminating connection because of crash of another server process (SQLSTATE 57P02)',
  '[collection.go:109 postgresql.(*collection).Query] server closed the connection unexpectedly (SQLSTATE 08006)',
];

describe('database errors that mean "away" (503) rather than "wrong" (500)', () => {
  it("counts FerretDB's errors about reaching its PostgreSQL as the database being unreachable", () => {
    for (const message of backendAway) assert.equal(isDatabaseUnreachable(ferretdbError(message)), true, message);
  });

  it('counts a change that could not be told to the other instances (their PostgreSQL away) as unreachable', () => {
    const refused = Object.assign(new Error('connect ENOENT /tmp/bth/socket/.s.PGSQL.5432'), { code: 'ENOENT' });
    assert.equal(isDatabaseUnreachable(new ChangeChannelUnreachableError(refused)), true);
  });

  it('keeps refusals and bugs as what they are, even when they quote such words', () => {
    for (const [message, code] of [
      ['E11000 duplicate key error collection: x.users index: email_1 dup key: { email: "connection refused" }', 11000],
      ["no such command: 'endSessions'", 59],
      ['unknown operator: $where', 2],
      [
        '[msg_find.go:344 handler.handleMaxTimeMSError] [filter.go:120 common.filterDocument] $regex has to be a string',
        1,
      ],
    ] as const)
      assert.equal(isDatabaseUnreachable(ferretdbError(message, code)), false, message);
    assert.equal(isDatabaseUnreachable(new Error('failed to connect to `user=x`')), false, 'not from the database');
    assert.equal(isDatabaseUnreachable(new MongoNetworkError('connection reset')), true);
  });

  it('sees a lost connection inside a batch insert (a group of intents), and a duplicate key there as a refusal', () => {
    // The error only carries the batch's result along; nothing here reads it.
    const noResult = {} as mongoose.mongo.BulkWriteResult;
    const lost = new MongoBulkWriteError(new MongoNetworkError('connection 1 to 127.0.0.1:1 closed'), noResult);
    assert.equal(isDatabaseUnreachable(lost), true);
    const duplicate = new MongoBulkWriteError(ferretdbError('E11000 duplicate key error', 11000), noResult);
    assert.equal(isDatabaseUnreachable(duplicate), false);
  });
});
