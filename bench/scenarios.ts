import type { Request } from 'autocannon';
import { User } from '../models/user';
import type { generate } from './generate';
import { signIn } from './session';

export interface Scenario {
  name: string;
  requests: Request[];
  headers?: Record<string, string>;
}

type Data = Awaited<ReturnType<typeof generate>>;

/** The pages people open most: home, catalog (plain, filtered, searched), course pages, and the city dashboard. */
export async function scenarios(baseUrl: string, data: Data): Promise<Scenario[]> {
  const courseIds = data.courses.map((c) => String(c._id));
  let next = 0;
  const city = await User.create({ email: 'bench-city@bench.kr', name: '벤치 시청', role: 'city_staff', passwordHash: data.passwordHash });
  const session = await signIn(baseUrl, city.email, data.password);
  return [
    { name: 'GET / (home)', requests: [{ method: 'GET', path: '/' }] },
    { name: 'GET /courses', requests: [{ method: 'GET', path: '/courses' }] },
    { name: 'GET /courses?open=1&track=cell&page=2', requests: [{ method: 'GET', path: '/courses?open=1&track=cell&page=2' }] },
    { name: 'GET /courses?q=양극재', requests: [{ method: 'GET', path: `/courses?q=${encodeURIComponent('양극재')}` }] },
    {
      name: 'GET /courses/:id (random)',
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/courses/${courseIds[next++ % courseIds.length]}` }) }],
    },
    { name: 'GET /city (dashboard)', requests: [{ method: 'GET', path: '/city' }], headers: { cookie: session.cookie } },
  ];
}
