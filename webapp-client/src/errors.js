/**
 * The one error type the client rejects with. `code` is a server error code (ERROR_CODES, e.g.
 * `permission_denied`) or a client one (CLIENT_ERROR_CODES, e.g. `timeout`), so callers switch on
 * `code`, never on `message`.
 */
export class HeraldError extends Error {
  /**
   * @param {string} code stable snake_case code
   * @param {string} message human-readable description
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'HeraldError';
    /** @type {string} */
    this.code = code;
  }

  /**
   * Builds an error from a wire error object `{code, message}`.
   * @param {{ code?: string, message?: string } | undefined} wire
   * @returns {HeraldError}
   * @internal
   */
  static fromWire(wire) {
    return new HeraldError(wire?.code || 'internal', wire?.message || 'server error');
  }
}
