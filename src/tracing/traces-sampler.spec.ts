import { context, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';

import { TRACES_SAMPLERS } from '../config/app-config.js';
import { samplerFor } from './traces-sampler.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function decide(name: (typeof TRACES_SAMPLERS)[number], ratio: number, parentSampled?: boolean) {
  const parent =
    parentSampled === undefined
      ? ROOT_CONTEXT
      : trace.setSpanContext(context.active(), {
          traceId: TRACE,
          spanId: '00f067aa0ba902b7',
          traceFlags: parentSampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        });
  return samplerFor(name, ratio).shouldSample(parent, TRACE, 's', SpanKind.SERVER, {}, []).decision;
}

describe('samplerFor', () => {
  it.each([
    ['always_on', 0, undefined, SamplingDecision.RECORD_AND_SAMPLED],
    ['always_off', 1, undefined, SamplingDecision.NOT_RECORD],
    ['traceidratio', 0, true, SamplingDecision.NOT_RECORD],
    ['traceidratio', 1, false, SamplingDecision.RECORD_AND_SAMPLED],
    ['parentbased_always_on', 1, false, SamplingDecision.NOT_RECORD],
    ['parentbased_always_on', 1, undefined, SamplingDecision.RECORD_AND_SAMPLED],
    ['parentbased_always_off', 0, true, SamplingDecision.RECORD_AND_SAMPLED],
    ['parentbased_always_off', 1, undefined, SamplingDecision.NOT_RECORD],
    ['parentbased_traceidratio', 0, true, SamplingDecision.RECORD_AND_SAMPLED],
    ['parentbased_traceidratio', 0, undefined, SamplingDecision.NOT_RECORD],
  ] as const)('%s (ratio %d, parent sampled: %s)', (name, ratio, parentSampled, decision) => {
    expect(decide(name, ratio, parentSampled)).toBe(decision);
  });

  it('should know every sampler the config accepts', () => {
    for (const name of TRACES_SAMPLERS) expect(samplerFor(name, 0.5)).toBeDefined();
  });
});
