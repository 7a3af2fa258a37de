import type { Types } from 'mongoose';
import { ActionIntent } from '../../models/action-intent';
import { make } from './factories';

/** A new trainee's application intent, written as allocation/submit.ts writes it, arriving at `at`; returns the trainee. */
export async function writeApplication(course: { _id: Types.ObjectId }, key: string, at = new Date()) {
  const trainee = await make.trainee();
  await ActionIntent.create({
    _id: key,
    course: course._id,
    kind: 'apply',
    trainee: trainee._id,
    category: 'job_seeker',
    approved: true,
    actor: { id: String(trainee._id), role: 'trainee', name: trainee.name, email: trainee.email },
    at,
  });
  return trainee;
}
