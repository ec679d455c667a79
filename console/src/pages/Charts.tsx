/** A bar of a chart: its label and value. */
export interface Bar {
  label: string;
  value: number;
}

/**
 * Vertical bars drawn as SVG (no chart library: a few rectangles do not need 100 KB of script), with
 * a caption and every value also in the image's accessible name, so a screen reader hears the figures.
 */
export function Columns({ title, bars, format, empty }: { title: string; bars: Bar[]; format: (n: number) => string; empty: string }) {
  if (bars.length === 0) return <Empty title={title} text={empty} />;
  const width = 600;
  const height = 160;
  const margin = 24; // room for the first and last labels, which are centred under their bars
  const top = Math.max(1, ...bars.map((b) => b.value));
  const step = (width - 2 * margin) / Math.max(1, bars.length);
  const described = bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={`${title}. ${described}`}>
        {bars.map((b, i) => {
          const h = Math.round((b.value / top) * height);
          return (
            <g key={b.label}>
              <rect x={margin + i * step + 2} y={height - h} width={Math.max(1, step - 4)} height={h} className="bar"><title>{`${b.label}: ${format(b.value)}`}</title></rect>
              {(bars.length <= 12 || i % Math.ceil(bars.length / 8) === 0) && (
                <text x={margin + i * step + step / 2} y={height + 14} textAnchor="middle" className="axis">{b.label}</text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Horizontal bars against one scale: e.g. the pool beside the days to buy for the next 7, 30 and 60 days. */
export function Rows({ title, bars, format, empty }: { title: string; bars: Bar[]; format: (n: number) => string; empty: string }) {
  if (bars.length === 0) return <Empty title={title} text={empty} />;
  const top = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 600 ${bars.length * 28}`} role="img" aria-label={`${title}. ${bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ')}`}>
        {bars.map((b, i) => (
          <g key={b.label}>
            <text x={0} y={i * 28 + 18} className="axis">{b.label}</text>
            <rect x={200} y={i * 28 + 4} width={Math.max(1, Math.round((b.value / top) * 300))} height={20} className="bar" />
            <text x={208 + Math.round((b.value / top) * 300)} y={i * 28 + 18} className="axis">{format(b.value)}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** A chart with nothing to draw says so in words instead of an empty frame. */
function Empty({ title, text }: { title: string; text: string }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <p>{text}</p>
    </figure>
  );
}
