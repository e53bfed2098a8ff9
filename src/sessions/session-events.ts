/**
 * Announced on the ChangeBus when a session ends on any instance (client DELETE, admin
 * revocation, legacy stream closed): every instance drops its cached copy, so the next request
 * for it reads the database, finds it ended and gets 404 (docs/architecture.md "Multi-instance":
 * memory is only a cache).
 */
export const SESSION_ENDED_CHANNEL = 'sessions.ended';
