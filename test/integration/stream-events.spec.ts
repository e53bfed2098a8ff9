import { afterEach, expect, it } from 'vitest';

import { LocalChangeBus } from '../../src/events/local-change.bus.js';
import { PostgresStreamEventStore } from '../../src/sessions/streams/postgres-stream-event.store.js';
import { StreamEventEntity } from '../../src/sessions/streams/stream-event.entity.js';
import { ResumableStreams } from '../../src/sessions/streams/resumable-streams.js';
import type { SseEventWriter } from '../../src/sessions/streams/sse-event-writer.js';
import { newStreamId } from '../../src/sessions/streams/stream-event-id.js';
import {
  FOLLOW_FALLBACK_MS,
  MAX_EVENTS_PER_STREAM,
} from '../../src/sessions/streams/stream-limits.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

/** Collects what a resumption writes, as the SSE lines a client would read. */
class RecordingWriter implements SseEventWriter {
  readonly lines: string[] = [];
  isOpen = true;
  event(name: string, data: string, id?: string): boolean {
    this.lines.push(`${id ?? ''} ${name} ${data}`);
    return this.isOpen;
  }
  prime(id: string): boolean {
    this.lines.push(`${id} prime`);
    return true;
  }
  end(): void {
    this.isOpen = false;
  }
}

const ping = (n: number) => ({
  jsonrpc: '2.0' as const,
  method: 'notifications/message',
  params: { n },
});

describeEachDatabase('stream_events', (tier) => {
  const database = useTestDatabase(tier, { entities: [StreamEventEntity] });
  const storeOf = () =>
    new PostgresStreamEventStore(database().dataSource.getRepository(StreamEventEntity));

  it('should write queued events in one batch and replay those after a position', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    void store.append({ sessionId: 's1', streamId, seq: 0, data: null });
    const batches = new Set<Promise<void>>();
    for (let seq = 1; seq <= 3; seq++) {
      batches.add(
        store.append({ sessionId: 's1', streamId, seq, data: JSON.stringify(ping(seq)) }),
      );
    }
    expect(batches.size).toBe(1);
    await store.flush();
    const replay = await store.replay('s1', streamId, 1, 10);
    expect(replay?.events.map(({ seq, data }) => [seq, JSON.parse(data)])).toEqual([
      [2, ping(2)],
      [3, ping(3)],
    ]);
    expect(replay).toMatchObject({ ended: false, truncated: false });
    await store.append({ sessionId: 's1', streamId, seq: 4, data: null });
    expect(await store.replay('s1', streamId, 3, 10)).toEqual({
      events: [],
      ended: true,
      truncated: false,
    });
  });

  it('should refuse another session, an unknown stream and a position that is gone', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    void store.append({ sessionId: 'owner', streamId, seq: 1, data: '{"a":1}' });
    await store.append({ sessionId: 'owner', streamId, seq: 2, data: '{"a":2}' });
    expect(await store.replay('intruder', streamId, 1, 10)).toBeUndefined();
    expect(await store.replay('owner', newStreamId(), 0, 10)).toBeUndefined();
    expect(await store.replay('owner', streamId, 0, 10)).toBeUndefined();
  });

  it('should bound a replay and say that more follows', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    for (let seq = 0; seq <= 5; seq++) {
      void store.append({ sessionId: 's', streamId, seq, data: seq === 0 ? null : `{"n":${seq}}` });
    }
    await store.flush();
    const replay = await store.replay('s', streamId, 0, 3);
    expect(replay?.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(replay?.truncated).toBe(true);
  });

  it('should keep only the newest events of a stream', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    for (let seq = 1; seq <= MAX_EVENTS_PER_STREAM + 5; seq++) {
      void store.append({ sessionId: 's', streamId, seq, data: '{}' });
    }
    await store.flush();
    const rows = await database().dataSource.query<{ min: number; n: number }[]>(
      'SELECT min(seq)::int AS min, count(*)::int AS n FROM stream_events WHERE stream_id = $1',
      [streamId],
    );
    expect(rows).toEqual([{ min: 6, n: MAX_EVENTS_PER_STREAM }]);
  });

  it('should store U+0000 in a message without failing the batch', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    const data = JSON.stringify({ text: 'a\u0000b' });
    void store.append({ sessionId: 's', streamId, seq: 1, data: '{}' });
    await store.append({ sessionId: 's', streamId, seq: 2, data });
    const replay = await store.replay('s', streamId, 1, 10);
    expect(replay?.events).toHaveLength(1);
  });

  const registries: ResumableStreams[] = [];
  afterEach(() => {
    for (const registry of registries.splice(0)) registry.onModuleDestroy();
  });

  /** Two instances' stream registries on one database, with one bus between them. */
  function twoInstances(): { here: ResumableStreams; elsewhere: ResumableStreams } {
    const bus = new LocalChangeBus();
    const [here, elsewhere] = [0, 1].map(() => {
      const registry = new ResumableStreams(storeOf(), bus);
      registry.onModuleInit();
      registries.push(registry);
      return registry;
    }) as [ResumableStreams, ResumableStreams];
    return { here, elsewhere };
  }

  /** The ids a writer got, `prime` for the priming event. */
  const idsOf = (writer: RecordingWriter) => writer.lines.map((line) => line.split(' ')[0]);

  it('should put an event on the wire only once its row is written', async () => {
    const instances = twoInstances();
    const stream = instances.elsewhere.create('s');
    const writer = new RecordingWriter();
    stream.open(writer, true);
    stream.send(ping(1));
    expect(writer.lines).toEqual([]);

    await expect.poll(() => writer.lines.length).toBe(2);
    expect(idsOf(writer)).toEqual([`${stream.id}:0`, `${stream.id}:1`]);
    // Each id the client got is resumable from the database, as soon as it got it.
    const other = new RecordingWriter();
    expect(await instances.here.resume('s', `${stream.id}:0`, () => other)).toBeDefined();
    expect(idsOf(other)).toEqual([`${stream.id}:1`]);
  });

  it('should resume right after the priming event elsewhere and follow the stream to its end', async () => {
    const instances = twoInstances();
    const stream = instances.elsewhere.create('session-a');
    const first = new RecordingWriter();
    stream.open(first, true);
    await expect.poll(() => first.lines.length).toBe(1);
    stream.detach(first);

    expect(
      await instances.here.resume('session-b', `${stream.id}:0`, () => new RecordingWriter()),
    ).toBeUndefined();
    const writer = new RecordingWriter();
    const started = Date.now();
    expect(await instances.here.resume('session-a', `${stream.id}:0`, () => writer)).toBeDefined();
    expect(writer.lines).toEqual([]);
    stream.send(ping(1));
    stream.send(ping(2));
    await expect.poll(() => writer.lines.length).toBe(2);
    stream.send(ping(3));
    stream.end();

    await expect.poll(() => writer.isOpen, { timeout: 5_000 }).toBe(false);
    // Woken by the stream's notices, not by the fallback read.
    expect(Date.now() - started).toBeLessThan(FOLLOW_FALLBACK_MS);
    expect(idsOf(writer)).toEqual([1, 2, 3].map((seq) => `${stream.id}:${seq}`));
    const last = writer.lines.at(-1) ?? '';
    expect(JSON.parse(last.slice(last.indexOf('{')))).toEqual(ping(3));
  });

  it('should resume a live stream of this instance from memory and attach the response', async () => {
    const instances = twoInstances();
    const streams = instances.here;
    const stream = streams.create('s');
    const first = new RecordingWriter();
    stream.open(first, false);
    stream.send(ping(1));
    await expect.poll(() => first.lines.length).toBe(1);
    stream.detach(first);
    stream.send(ping(2));
    const second = new RecordingWriter();
    // seq 2 is not written yet, so no client can hold its id.
    expect(await streams.resume('s', `${stream.id}:2`, () => second)).toBeUndefined();
    expect(await streams.resume('s', `${stream.id}:1`, () => second)).toBe(stream);
    stream.send(ping(3));
    await expect.poll(() => second.lines.length).toBe(2);
    expect(idsOf(second)).toEqual([`${stream.id}:2`, `${stream.id}:3`]);
    expect(await streams.resume('s', 'forged:1', () => second)).toBeUndefined();
  });
});
