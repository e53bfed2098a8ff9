/** DI token of the active {@link TokenBucketStore} (memory, or Redis when `REDIS_URL` is set). */
export const TOKEN_BUCKET_STORE = Symbol('TOKEN_BUCKET_STORE');
