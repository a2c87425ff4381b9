/**
 * Typed HTTP errors with a stable JSON body `{error:{code,message}}` (DESIGN.md, hardening):
 * clients switch on `code`, people read `message`, nobody ever sees a stack trace.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** The stable JSON body. */
  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** A record-level rejection: status + code + message, for single and batch answers alike. */
export interface Rejection {
  status: number;
  code: string;
  message: string;
}

/** Builds a Rejection. */
export function reject(status: number, code: string, message: string): Rejection {
  return { status, code, message };
}
