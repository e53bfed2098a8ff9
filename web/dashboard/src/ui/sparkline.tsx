import { formatted } from './format.js';

const WIDTH = 240;
const HEIGHT = 48;

/**
 * A line chart of the last samples, drawn with SVG attributes only (no inline style, which the
 * dashboard's Content-Security-Policy forbids); a `null` sample (nothing measured in that step)
 * is a gap in the line. Its text alternative states the latest value and the highest one shown.
 */
export function Sparkline({
  label,
  samples,
  unit,
  width = WIDTH,
}: {
  label: string;
  samples: readonly (number | null)[];
  unit: string;
  width?: number;
}) {
  const measured = samples.filter((value): value is number => value !== null);
  const latest = measured[measured.length - 1];
  const max = Math.max(1e-9, ...measured);
  const step = samples.length > 1 ? width / (samples.length - 1) : 0;
  const y = (value: number) => (HEIGHT - (value / max) * (HEIGHT - 4) - 2).toFixed(1);
  let path = '';
  // A sample with no measured neighbour draws no line: it is shown as a dot.
  const dots: [string, string][] = [];
  samples.forEach((value, index) => {
    if (value === null) return;
    const x = (index * step).toFixed(1);
    const joined = (samples[index - 1] ?? null) !== null;
    path += `${joined ? 'L' : 'M'}${x} ${y(value)} `;
    if (!joined && (samples[index + 1] ?? null) === null) dots.push([x, y(value)]);
  });
  const text = latest === undefined ? 'no data yet' : `${formatted(latest)} ${unit}`;
  const peak = measured.length === 0 ? '' : `, highest ${formatted(max)} ${unit}`;
  return (
    <figure class="metric">
      <figcaption>
        {label}: <strong>{text}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={`${label}, latest ${text}${peak}`}
      >
        <line x1="0" y1={HEIGHT - 1} x2={width} y2={HEIGHT - 1} class="axis" />
        <path d={path} fill="none" stroke="currentColor" stroke-width="2" />
        {dots.map(([cx, cy]) => (
          <circle key={cx} cx={cx} cy={cy} r="2.5" fill="currentColor" />
        ))}
      </svg>
    </figure>
  );
}
