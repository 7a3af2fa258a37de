/** An error whose status and message may be shown to the user. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** i18n key of the message shown on the error page. */
    readonly messageKey: string,
    /** i18n key of the page title; the default names the status. */
    readonly titleKey?: string,
  ) {
    super(messageKey);
  }
}

export class NotFoundError extends HttpError {
  constructor() {
    super(404, 'errors.notFound.body');
  }
}

/** The database cannot be reached (it is restarting, or the connection is lost): try again shortly. */
export class DatabaseUnavailableError extends HttpError {
  constructor() {
    super(503, 'errors.unavailable.body', 'errors.unavailable.title');
  }
}

/**
 * A domain rule failed for input the user can correct: field → i18n key.
 * Route handlers turn it into a 422 re-render of the same form (`submitForm`, `attempt`); one
 * that does not still answers 422, on the error page listing the messages, never a 500.
 */
export class FormError extends HttpError {
  constructor(
    readonly errors: Record<string, string>,
    /** Values the `_form` message names (`{{titleKo}}`), when it needs any. */
    readonly params?: Record<string, string>,
    status = 422,
  ) {
    super(status, 'errors.formRule.body', 'errors.formRule.title');
    this.message = Object.values(errors).join('; ');
  }
}

/**
 * Too many attempts (a password checked again, under the login's limits): the form is shown
 * again saying how many minutes to wait (`{{minutes}}`), answered 429 with `Retry-After`.
 */
export class TooManyAttemptsError extends FormError {
  constructor(
    errors: Record<string, string>,
    readonly retryAfterSeconds: number,
  ) {
    super(errors, { minutes: String(Math.max(1, Math.ceil(retryAfterSeconds / 60))) }, 429);
  }
}
