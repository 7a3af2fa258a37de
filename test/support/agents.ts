import type { Express } from 'express';
import request from 'supertest';
import { html } from './html';
import { defaultPassword } from './factories';

export type Agent = ReturnType<typeof request.agent>;

/** A signed-in agent and the CSRF token its forms carry. */
export interface SignedIn {
  agent: Agent;
  csrf: string;
}

/** The CSRF token the server put in a page's forms. */
export async function csrfToken(agent: Agent, path = '/login'): Promise<string> {
  const res = await agent.get(path);
  const token = html(res.text)('input[name=_csrf]').first().val();
  if (typeof token !== 'string' || !token) throw new Error(`no CSRF token on ${path} (status ${res.status})`);
  return token;
}

/** A signed-in browser-like agent, with the token its forms carry. */
export async function loginAgent(app: Express, email: string, password = defaultPassword): Promise<SignedIn> {
  const agent = request.agent(app);
  const token = await csrfToken(agent, '/login');
  const res = await agent.post('/login').type('form').send({ _csrf: token, email, password });
  if (res.status !== 303) throw new Error(`login as ${email} failed with ${res.status}`);
  return { agent, csrf: await csrfToken(agent, '/') };
}

/** Posts a form as the signed-in user, with the CSRF token their pages carry. */
export function postForm(who: SignedIn, path: string, body: Record<string, unknown> = {}) {
  return who.agent
    .post(path)
    .type('form')
    .send({ _csrf: who.csrf, ...body });
}
