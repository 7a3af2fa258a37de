import 'express-session';

declare module 'express-session' {
  interface SessionData {
    flash?: { type: 'success' | 'error' | 'info'; key: string; params?: Record<string, string | number> }[];
    returnTo?: string;
  }
}
