import type { Request } from 'autocannon';
import type { generate } from './generate';

export interface Scenario {
  name: string;
  requests: Request[];
  headers?: Record<string, string>;
}

type Data = Awaited<ReturnType<typeof generate>>;

/** The pages people open most: the home page, the catalog and course pages. */
export async function scenarios(_baseUrl: string, data: Data): Promise<Scenario[]> {
  const courseIds = data.courses.map((c) => String(c._id));
  let next = 0;
  return [
    { name: 'GET / (home)', requests: [{ method: 'GET', path: '/' }] },
    { name: 'GET /universities', requests: [{ method: 'GET', path: '/universities' }] },
    {
      name: 'GET /courses/:id (random)',
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/courses/${courseIds[next++ % courseIds.length]}` }) }],
    },
  ];
}
