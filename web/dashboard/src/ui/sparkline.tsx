const WIDTH = 240;
const HEIGHT = 48;

/**
 * A line chart of the last samples, drawn with SVG attributes only (no inline style, which the
 * dashboard's Content-Security-Policy forbids); its text alternative states the latest value.
 */
export function Sparkline({
  label,
  samples,
  unit,
}: {
  label: string;
  samples: readonly number[];
  unit: string;
}) {
  const latest = samples[samples.length - 1];
  const max = Math.max(1e-9, ...samples);
  const step = samples.length > 1 ? WIDTH / (samples.length - 1) : 0;
  const points = samples
    .map(
      (value, index) =>
        `${(index * step).toFixed(1)},${(HEIGHT - (value / max) * (HEIGHT - 4) - 2).toFixed(1)}`,
    )
    .join(' ');
  const text = latest === undefined ? 'no data yet' : `${formatted(latest)} ${unit}`;
  return (
    <figure class="metric">
      <figcaption>
        {label}: <strong>{text}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`${label}, latest ${text}`}
      >
        {samples.length === 1 ? (
          <circle cx="2" cy={points.split(',')[1]} r="2" fill="currentColor" />
        ) : (
          <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" />
        )}
      </svg>
    </figure>
  );
}

function formatted(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
