import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';

import type { TracesSampler } from '../config/app-config.js';

/**
 * The sampler `OTEL_TRACES_SAMPLER` names, as the OpenTelemetry SDK environment variable
 * specification defines them; `ratio` (`OTEL_TRACES_SAMPLER_ARG`) only applies to the
 * `*traceidratio` ones. `parentbased_*` follow the caller's sampled flag when a `traceparent`
 * names one and apply the root sampler otherwise.
 */
export function samplerFor(name: TracesSampler, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
