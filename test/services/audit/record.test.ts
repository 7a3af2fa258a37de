import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { AuditEvent } from '../../../models/audit-event';
import { recordAudit } from '../../../server/services/audit/record';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe('recording an audit event', () => {
  useTestApp();

  it('stores the actor, their role, the target and context as given', async () => {
    const staff = await make.staff('postech');
    const actor = await actorOf(staff);
    const target = new Types.ObjectId();
    await recordAudit({
      actor,
      action: 'course.update',
      target: { type: 'Course', id: target },
      university: actor.universityId,
      meta: { note: 'x' },
      ip: '192.0.2.1',
    });
    const event = (await AuditEvent.findOne({ targetId: target }).lean())!;
    assert.equal(String(event.actor), String(staff._id));
    assert.equal(event.actorRole, 'university_staff');
    assert.equal(event.action, 'course.update');
    assert.equal(event.targetType, 'Course');
    assert.equal(String(event.university), actor.universityId);
    assert.deepEqual(event.meta, { note: 'x' });
    assert.equal(event.ip, '192.0.2.1');
  });

  it('stores only the fields an update changed, before and after', async () => {
    const target = new Types.ObjectId();
    await recordAudit({
      action: 'course.update',
      target: { type: 'Course', id: target },
      changed: {
        from: { capacity: 20, title: '같음', mode: 'offline' },
        to: { capacity: 25, title: '같음', mode: 'online' },
      },
    });
    const event = (await AuditEvent.findOne({ targetId: target }).lean())!;
    assert.deepEqual(event.before, { capacity: 20, mode: 'offline' });
    assert.deepEqual(event.after, { capacity: 25, mode: 'online' });
    assert.equal(event.actor, undefined, 'a system event has no actor');
  });
});
