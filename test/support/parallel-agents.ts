import type { Server } from 'node:http';
import { Algorithm, hash } from '@node-rs/argon2';
import type { Types } from 'mongoose';
import { User } from '../../models/user';
import request from 'supertest';
import { html } from './html';
import { defaultPassword } from './factories';

export type ServerAgent = ReturnType<typeof request.agent>;

/** Signs one agent in against a listening server (many agents share it instead of one server each). */
export async function loginServerAgent(server: Server, email: string): Promise<{ agent: ServerAgent; csrf: string }> {
  const agent = request.agent(server);
  const token = async (path: string) =>
    html((await agent.get(path)).text)('input[name=_csrf]')
      .first()
      .val() as string;
  const loginToken = await token('/login'); // before agent.post(), which takes the cookies it has when made
  const res = await agent.post('/login').type('form').send({ _csrf: loginToken, email, password: defaultPassword });
  if (res.status !== 303) throw new Error(`login as ${email} failed with ${res.status}`);
  return { agent, csrf: await token('/') };
}

/** Signs many agents in, a batch at a time (password checks are deliberately slow). */
export async function loginMany(server: Server, emails: string[], batch = 25) {
  const agents: Awaited<ReturnType<typeof loginServerAgent>>[] = [];
  for (let i = 0; i < emails.length; i += batch) {
    agents.push(...(await Promise.all(emails.slice(i, i + batch).map((e) => loginServerAgent(server, e)))));
  }
  return agents;
}

/**
 * Gives these users a hash of the default password made with the lowest argon2 cost. The encoded
 * hash carries its own parameters, so login checks it the same way, only without spending ~50 ms
 * of CPU per sign-in: a test that signs hundreds of agents in is then limited by the app, not the hash.
 */
export async function useCheapPasswordHash(users: Types.ObjectId[]): Promise<void> {
  const passwordHash = await hash(defaultPassword, {
    algorithm: Algorithm.Argon2id,
    memoryCost: 1024,
    timeCost: 1,
    parallelism: 1,
  });
  await User.updateMany({ _id: { $in: users } }, { $set: { passwordHash } });
}
