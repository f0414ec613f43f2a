"""Hand-written SVG for the Figure 4 study (no matplotlib): heat-map panels and
line panels with error bars, laid out on a grid of panels in one document."""
import math

# viridis at 9 stops (matplotlib's table), interpolated linearly.
VIRIDIS = [(68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
           (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37)]
LINE_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]


def viridis(x):
    x = min(max(x, 0.0), 1.0) * (len(VIRIDIS) - 1)
    i = min(int(x), len(VIRIDIS) - 2)
    f = x - i
    r, g, b = (round(VIRIDIS[i][k] + f * (VIRIDIS[i + 1][k] - VIRIDIS[i][k])) for k in range(3))
    return f"#{r:02x}{g:02x}{b:02x}"


def esc(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(x, y, s, size=11, anchor="middle", colour="#222", rotate=None, weight="normal"):
    transform = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour}" '
            f'font-weight="{weight}"{transform}>{esc(s)}</text>')


def nice_ticks(lo, hi, count=5):
    """Round tick values covering [lo, hi]."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    step = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * step >= raw:
            step *= m
            break
    first = math.floor(lo / step) * step
    ticks, t = [], first
    while t <= hi + 1e-12 * step:
        if t >= lo - 1e-12 * step:
            ticks.append(round(t, 10))
        t += step
    return ticks


def heatmap(x0, y0, w, h, rows, columns, values, title, row_label, column_label, lo, hi, digits=3):
    """A heat map in the box (x0, y0, w, h): values[(row, column)] (missing: grey),
    colour scale [lo, hi] shared by the caller, each cell labelled with its value."""
    out = [text(x0 + w / 2, y0 - 8, title, 12, weight="bold")]
    cw, ch = w / len(columns), h / len(rows)
    for i, r in enumerate(rows):
        y = y0 + i * ch
        out.append(text(x0 - 6, y + ch / 2 + 4, r, 10, anchor="end"))
        for j, c in enumerate(columns):
            x = x0 + j * cw
            v = values.get((r, c))
            if v is None or (isinstance(v, float) and math.isnan(v)):
                out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cw:.1f}" height="{ch:.1f}" fill="#eeeeee" stroke="#fff"/>')
                continue
            u = (v - lo) / (hi - lo) if hi > lo else 0.5
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cw:.1f}" height="{ch:.1f}" fill="{viridis(u)}" stroke="#fff"><title>{esc(row_label)} {r}, {esc(column_label)} {c}: {v:.4f}</title></rect>')
            out.append(text(x + cw / 2, y + ch / 2 + 3, f"{v:.{digits}f}".lstrip("0"), 8, colour="#000" if u > 0.55 else "#fff"))
    for j, c in enumerate(columns):
        out.append(text(x0 + (j + 0.5) * cw, y0 + h + 13, c, 9))
    out.append(text(x0 + w / 2, y0 + h + 28, column_label, 11))
    out.append(text(x0 - 34, y0 + h / 2, row_label, 11, rotate=-90))
    return out


def colour_bar(x0, y0, w, h, lo, hi, label):
    out = []
    steps = 60
    for i in range(steps):
        out.append(f'<rect x="{x0:.1f}" y="{y0 + h - (i + 1) * h / steps:.2f}" width="{w}" height="{h / steps + 0.5:.2f}" fill="{viridis(i / (steps - 1))}"/>')
    for t in nice_ticks(lo, hi, 4):
        y = y0 + h - (t - lo) / (hi - lo) * h
        out.append(f'<line x1="{x0 + w}" x2="{x0 + w + 3}" y1="{y:.1f}" y2="{y:.1f}" stroke="#222"/>')
        out.append(text(x0 + w + 5, y + 3, f"{t:g}", 9, anchor="start"))
    out.append(text(x0 + w / 2, y0 - 6, label, 10))
    return out


def lines(x0, y0, w, h, series, title, x_label, y_label, x_range, y_range, legend=True):
    """Line panel: series = [(name, [(x, y, half_width), …])], error bars ± half_width."""
    (xl, xh), (yl, yh) = x_range, y_range
    px = lambda x: x0 + (x - xl) / (xh - xl) * w
    py = lambda y: y0 + h - (y - yl) / (yh - yl) * h
    out = [text(x0 + w / 2, y0 - 8, title, 12, weight="bold"),
           f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#888"/>']
    for t in nice_ticks(yl, yh, 5):
        out.append(f'<line x1="{x0}" x2="{x0 + w}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#e4e4e4"/>')
        out.append(text(x0 - 4, py(t) + 3, f"{t:g}", 9, anchor="end"))
    for t in nice_ticks(xl, xh, 5):
        out.append(f'<line x1="{px(t):.1f}" x2="{px(t):.1f}" y1="{y0 + h}" y2="{y0 + h + 3}" stroke="#444"/>')
        out.append(text(px(t), y0 + h + 13, f"{t:g}", 9))
    out.append(text(x0 + w / 2, y0 + h + 28, x_label, 11))
    out.append(text(x0 - 38, y0 + h / 2, y_label, 11, rotate=-90))
    for k, (name, points) in enumerate(series):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        points = [p for p in points if not math.isnan(p[1])]
        if not points:
            continue
        path = " ".join(f"{'M' if i == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for i, (x, y, _) in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for x, y, half in points:
            if half and not math.isnan(half):
                out.append(f'<line x1="{px(x):.1f}" x2="{px(x):.1f}" y1="{py(max(y - half, yl)):.1f}" y2="{py(min(y + half, yh)):.1f}" stroke="{colour}"/>')
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.2" fill="{colour}"/>')
        if legend:
            ly = y0 + 12 + 13 * k
            out.append(f'<line x1="{x0 + w - 58}" x2="{x0 + w - 44}" y1="{ly - 3}" y2="{ly - 3}" stroke="{colour}" stroke-width="2"/>')
            out.append(text(x0 + w - 40, ly, name, 10, anchor="start"))
    return out


def document(width, height, parts, caption=None):
    body = "\n".join(parts)
    cap = text(10, height - 8, caption, 10, anchor="start", colour="#555") if caption else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">\n'
            f'<rect width="{width}" height="{height}" fill="#fff"/>\n{body}\n{cap}\n</svg>\n')
