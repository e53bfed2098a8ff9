import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { LocalChangeBus } from './local-change.bus.js';
import { BusSyncedCache } from './bus-synced-cache.js';

const CHANNEL = 'test.cache_changed';

/** A cache of name → value over a fake "database" the test edits directly. */
function setup() {
  const bus = new LocalChangeBus();
  const database = new Map<string, string>([['a', 'stored']]);
  let cache = new Map<string, string>();
  let reads = 0;
  const sync = new BusSyncedCache<Map<string, string>, [string, string]>(
    bus,
    {
      channel: CHANNEL,
      // Like a query, the read completes after the current turn: changes can overtake it.
      readAll: () => {
        reads++;
        const snapshot = new Map(database);
        return new Promise((done) => setImmediate(() => done(snapshot)));
      },
      replaceAll: (state) => {
        cache = state;
      },
      changeOf: (payload) => {
        const { change } = payload as { change?: [string, string] };
        return change;
      },
      payloadOf: (change) => ({ change }),
      apply: ([name, value]) => {
        cache.set(name, value);
      },
    },
    new Logger('test'),
  );
  return { bus, database, sync, cache: () => cache, reads: () => reads };
}

const settled = () => new Promise((done) => setImmediate(done));

describe(BusSyncedCache.name, () => {
  let cache: ReturnType<typeof setup>;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    cache = setup();
    cache.sync.listen();
    await cache.sync.load();
  });

  afterEach(() => {
    cache.sync.stop();
    vi.useRealTimers();
  });

  it('should load everything, then apply a change at once and announce it inline', async () => {
    expect(cache.cache()).toEqual(new Map([['a', 'stored']]));
    const heard: unknown[] = [];
    cache.bus.subscribe((event) => heard.push(event));
    await cache.sync.publish(['b', 'new']);
    expect(cache.cache().get('b')).toBe('new');
    await settled();
    expect(heard).toEqual([{ channel: CHANNEL, payload: { change: ['b', 'new'] } }]);
  });

  it('should apply changes from other instances and ignore other channels', async () => {
    await cache.bus.publish(CHANNEL, { change: ['c', 'remote'] });
    await cache.bus.publish('other.channel', { change: ['d', 'foreign'] });
    await settled();
    expect(cache.cache().get('c')).toBe('remote');
    expect(cache.cache().has('d')).toBe(false);
  });

  it('should send a change too large for a NOTIFY as "re-read", which every instance obeys', async () => {
    const heard: unknown[] = [];
    cache.bus.subscribe((event) => heard.push(event.payload));
    cache.database.set('big', 'x'.repeat(8000));
    await cache.sync.publish(['big', 'x'.repeat(8000)]);
    await settled();
    expect(heard).toEqual([{}]);
    expect(cache.reads()).toBe(2);
  });

  it('should re-read every 30 s, unless a change arrived while it was reading', async () => {
    cache.database.set('a', 'edited behind our back');
    vi.advanceTimersByTime(30_000);
    await settled();
    expect(cache.cache().get('a')).toBe('edited behind our back');

    cache.database.set('a', 'stale');
    vi.advanceTimersByTime(30_000);
    await cache.bus.publish(CHANNEL, { change: ['a', 'newer'] });
    await settled();
    await settled();
    expect(cache.cache().get('a')).toBe('newer');
  });
});
