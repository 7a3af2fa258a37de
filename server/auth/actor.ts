import type { Role } from '../../models/user';

/** The signed-in user as services see it: plain values, never req or a mongoose document. */
export interface Actor {
  id: string;
  role: Role;
  /** Set for university staff: the one university they act for. */
  universityId?: string;
  name: string;
  email: string;
  locale: 'ko' | 'en';
  /** A trainee's category as the account says (eligibility is decided from it). */
  category?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport's req.user is the Actor.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Actor {}
  }
}
