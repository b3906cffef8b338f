//! Layout: from positioned glyphs to lines, words, paragraphs and table rows.
//!
//! In: a [`PageContent`] (glyphs in reading coordinates, in stream order) and
//! optionally the page box. Out: the page text, with '\n' between lines, an
//! empty line between paragraphs, ' ' between words and '\t' for large gaps
//! (table columns, tab stops). The order of operators in the content stream
//! does not matter; positions do.
//!
//! Steps, per text direction (horizontal text first, rotated text after):
//! 1. runs: consecutive glyphs (stream order) on one baseline;
//! 2. lines: runs clustered by baseline, following a skewed baseline's slope,
//!    and attaching small super-/subscripts to the line they belong to;
//! 3. words: glyphs of a line sorted left to right; a gap wider than
//!    [`WORD_GAP`] × font size (or a space glyph) separates words, a gap wider
//!    than [`TAB_GAP`] × font size becomes a tab;
//! 4. columns: blocks of prose split by a common vertical gutter are read
//!    column by column (see [`column_run`]);
//! 5. paragraphs: a baseline distance larger than [`PARA_GAP`] × the page's
//!    usual line pitch gives an empty line;
//! 6. tables: rows of tab-separated cells, wrapped cells merged (see
//!    [`table_region`]).

use super::content::{Glyph, PageContent};

/// Gap (× font size) above which two glyphs belong to different words.
/// Kerning inside words stays well below 0.1 em; the narrowest word spaces
/// of common fonts are about 0.2 em.
pub(crate) const WORD_GAP: f32 = 0.15;
/// Gap (× font size) above which the gap is a column / tab stop, not a space.
pub(crate) const TAB_GAP: f32 = 2.5;
/// A line pitch this many times the usual pitch starts a new paragraph.
/// Word's and LibreOffice's default paragraph spacing gives about 1.4–1.6.
pub(crate) const PARA_GAP: f32 = 1.3;
/// Baseline difference (× font size) within which runs share a line.
const SAME_LINE: f32 = 0.35;

/// Page box `[x0, y0, x1, y1]` in device space, used to drop off-page text.
pub(crate) type PageBox = [f32; 4];

/// The columns of a table that ran to the foot of a page, for the page
/// after it: a table that goes on over a page break without its header
/// keeps its columns, also those a row leaves empty.
#[derive(Debug, Default, Clone)]
pub(crate) struct TableCarry {
    cols: Vec<f32>,
}

/// Lines at a page's head or foot (running headers, page numbers) that may
/// stand between a table and the page break.
const FURNITURE_LINES: usize = 3;

/// Lay out a page's glyphs into text (not yet normalised). `carry` holds
/// the columns of a table the page before ended in, and is left holding
/// this page's.
pub(crate) fn layout(
    page: &PageContent,
    page_box: Option<PageBox>,
    carry: &mut TableCarry,
) -> String {
    let glyphs = &page.glyphs;
    let keep = visible_filter(glyphs, page_box);
    let mut groups: [Vec<u32>; 4] = Default::default();
    for (i, g) in glyphs.iter().enumerate() {
        if keep.as_ref().is_none_or(|k| k[i]) {
            groups[usize::from(g.dir & 3)].push(i as u32);
        }
    }
    // The direction with most glyphs is the page's main text; rotated labels
    // (e.g. a vertical margin note) follow as separate blocks.
    let mut order: Vec<usize> = (0..4).filter(|&d| !groups[d].is_empty()).collect();
    order.sort_by_key(|&d| (std::cmp::Reverse(groups[d].len()), d));
    let mut out = String::new();
    let main = order.first().copied();
    let mut none = TableCarry::default();
    for d in order {
        // Only the page's main text continues a table over the break.
        let carry = if Some(d) == main {
            &mut *carry
        } else {
            &mut none
        };
        let block = layout_group(page, &groups[d], carry);
        if block.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&block);
    }
    out
}

/// Which glyphs lie on the page (box widened by a few em). If most glyphs
/// seem to be off the page, the box is probably wrong and nothing is dropped.
fn visible_filter(glyphs: &[Glyph], page_box: Option<PageBox>) -> Option<Vec<bool>> {
    let [x0, y0, x1, y1] = page_box?;
    let keep: Vec<bool> = glyphs
        .iter()
        .map(|g| {
            let (cos, sin) = match g.dir & 3 {
                0 => (1.0, 0.0),
                1 => (0.0, 1.0),
                2 => (-1.0, 0.0),
                _ => (0.0, -1.0),
            };
            // Back from reading to device coordinates.
            let dx = g.x * cos - g.y * sin;
            let dy = g.x * sin + g.y * cos;
            let m = 2.0 * g.size;
            dx >= x0 - m && dx <= x1 + m && dy >= y0 - m && dy <= y1 + m
        })
        .collect();
    let inside = keep.iter().filter(|&&k| k).count();
    (inside * 2 >= keep.len()).then_some(keep)
}

/// Consecutive glyphs on one baseline.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Range into the group's index list.
    start: usize,
    end: usize,
    x0: f32,
    x1: f32,
    /// Baseline: point and slope.
    bx: f32,
    by: f32,
    slope: f32,
    size: f32,
}

impl Run {
    fn y_at(&self, x: f32) -> f32 {
        self.by + (x - self.bx) * self.slope
    }
}

/// Lines being assembled from runs.
#[derive(Debug, Clone)]
struct LineAcc {
    runs: Vec<u32>,
    /// Baseline of the dominant (largest) run.
    bx: f32,
    by: f32,
    slope: f32,
    size: f32,
    x0: f32,
    x1: f32,
    /// y of the first run, used to stop the backward search early.
    first_y: f32,
}

impl LineAcc {
    fn y_at(&self, x: f32) -> f32 {
        self.by + (x - self.bx) * self.slope
    }
}

/// A finished line: words with their positions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    /// Baseline at the group's reference x.
    y: f32,
    size: f32,
    /// All word text, concatenated; words index into it.
    text: String,
    words: Vec<Word>,
    /// Baseline distance to the previous line / this line's size.
    gap: f32,
}

#[derive(Debug, Clone, Copy)]
struct Word {
    x0: f32,
    x1: f32,
    start: usize,
    end: usize,
    /// Separated from the previous word by a tab-sized gap.
    tab_before: bool,
}

fn layout_group(page: &PageContent, ids: &[u32], carry: &mut TableCarry) -> String {
    let glyphs = &page.glyphs;
    let runs = build_runs(glyphs, ids);
    let x_ref = runs.iter().map(|r| r.x0).fold(f32::INFINITY, f32::min);
    let x_ref = if x_ref.is_finite() { x_ref } else { 0.0 };
    let accs = cluster_lines(&runs, x_ref);

    let mut lines: Vec<Line> = Vec::with_capacity(accs.len());
    let mut member: Vec<u32> = Vec::new();
    for acc in &accs {
        member.clear();
        for &r in &acc.runs {
            let run = &runs[r as usize];
            member.extend_from_slice(&ids[run.start..run.end]);
        }
        // Left to right; ties keep stream order.
        member.sort_by(|&a, &b| {
            glyphs[a as usize]
                .x
                .total_cmp(&glyphs[b as usize].x)
                .then(a.cmp(&b))
        });
        let mut line = build_words(page, &member);
        if line.words.is_empty() {
            continue;
        }
        line.y = acc.y_at(x_ref);
        line.size = acc.size;
        lines.push(line);
    }
    lines.sort_by(|a, b| b.y.total_cmp(&a.y));
    set_gaps(&mut lines);
    let mut lines = reading_order(lines, 0);
    set_gaps(&mut lines);
    // Typical line pitch (baseline distance / font size) inside paragraphs,
    // taken after column reordering (interleaved baselines of two columns
    // would look like half-spaced lines). A low percentile rather than the
    // median: on short pages paragraph and table-row gaps can be the majority.
    let pitch = percentile(
        lines
            .iter()
            .skip(1)
            .map(|l| l.gap)
            .filter(|g| (0.5..3.0).contains(g))
            .collect(),
        0.3,
    )
    .unwrap_or(1.2);
    render(&lines, pitch, carry)
}

/// Baseline distance to the previous line, in units of this line's size.
/// Negative after a jump to the top of the next column.
fn set_gaps(lines: &mut [Line]) {
    for i in 1..lines.len() {
        let dy = lines[i - 1].y - lines[i].y;
        lines[i].gap = dy / lines[i].size.max(0.5);
    }
}

/// Put multi-column text in reading order: a block of lines that a common
/// vertical gutter splits into two columns of prose is emitted as the whole
/// left column, then the whole right column (each again checked for columns,
/// so three columns work too). Everything else keeps its top-to-bottom order.
fn reading_order(lines: Vec<Line>, depth: usize) -> Vec<Line> {
    if depth > 3 || lines.len() < MIN_COLUMN_LINES {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if let Some((end, gutter)) = column_run(&lines, i) {
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for line in &lines[i..end] {
                let (l, r) = split_line(line, gutter);
                left.extend(l);
                right.extend(r);
            }
            out.extend(reading_order(left, depth + 1));
            out.extend(reading_order(right, depth + 1));
            i = end;
        } else {
            out.push(lines[i].clone());
            i += 1;
        }
    }
    out
}

/// Lines needed before a gutter counts as a column break.
const MIN_COLUMN_LINES: usize = 6;
/// Lines with text each side of the gutter must have.
const MIN_SIDE_LINES: usize = 5;

/// Find a column block starting at `lines[i]`: `(end, gutter x)`.
///
/// Criteria, chosen so that tables (short cells, read row by row elsewhere),
/// number grids and chance alignments of word gaps in prose or OCR text do
/// not qualify: at least [`MIN_COLUMN_LINES`] consecutive lines keep a free
/// vertical strip (no word crosses it) that ends up at least 0.8 em wide;
/// each side has text on at least [`MIN_SIDE_LINES`] of them, averages at
/// least four words per line, has tab-sized gaps before at most a tenth of
/// its words and is at least ten em wide. The two sides' baselines need not
/// line up.
fn column_run(lines: &[Line], i: usize) -> Option<(usize, f32)> {
    let first = &lines[i];
    let em = first.size;
    // Candidate gutters: free x intervals in the union of the words of the
    // next few lines. (Each line alone may sit in one column only: the two
    // columns' baselines need not line up.)
    let mut spans: Vec<(f32, f32)> = lines[i..lines.len().min(i + MIN_COLUMN_LINES)]
        .iter()
        .flat_map(|l| l.words.iter().map(|w| (w.x0, w.x1)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut candidates: Vec<(f32, f32)> = Vec::new();
    let mut reach = f32::NEG_INFINITY;
    for (x0, x1) in spans {
        if reach.is_finite() && x0 - reach >= 0.5 * em && candidates.len() < 8 {
            candidates.push((reach, x0));
        }
        reach = reach.max(x1);
    }
    for (mut lo, mut hi) in candidates {
        let mut end = i + 1;
        let (mut words_l, mut words_r, mut lines_l, mut lines_r) = (0usize, 0usize, 0usize, 0usize);
        let (mut tabs_l, mut tabs_r) = (0usize, 0usize);
        let (mut min_x, mut max_x) = (f32::INFINITY, f32::NEG_INFINITY);
        for (k, line) in lines.iter().enumerate().skip(i).take(400) {
            let mid = 0.5 * (lo + hi);
            let mut l_x1 = f32::NEG_INFINITY;
            let mut r_x0 = f32::INFINITY;
            let (mut nl, mut nr) = (0usize, 0usize);
            let mut crosses = false;
            let (mut tl, mut tr) = (0usize, 0usize);
            for (n, w) in line.words.iter().enumerate() {
                // A tab-sized gap inside one side (tables, number grids),
                // as opposed to the jump across the gutter.
                let prev_same_side = n > 0 && (line.words[n - 1].x0 >= mid) == (w.x0 >= mid);
                let inner_tab = usize::from(w.tab_before && prev_same_side);
                if w.x1 <= mid {
                    l_x1 = l_x1.max(w.x1);
                    nl += 1;
                    tl += inner_tab;
                } else if w.x0 >= mid {
                    r_x0 = r_x0.min(w.x0);
                    nr += 1;
                    tr += inner_tab;
                } else {
                    crosses = true;
                    break;
                }
            }
            let (new_lo, new_hi) = (lo.max(l_x1), hi.min(r_x0));
            if crosses || new_hi - new_lo < 0.5 * em || (k > i && line.gap > 4.0) {
                break;
            }
            (lo, hi) = (new_lo, new_hi);
            if let (Some(a), Some(b)) = (line.words.first(), line.words.last()) {
                min_x = min_x.min(a.x0);
                max_x = max_x.max(b.x1);
            }
            tabs_l += tl;
            tabs_r += tr;
            if nl > 0 {
                words_l += nl;
                lines_l += 1;
            }
            if nr > 0 {
                words_r += nr;
                lines_r += 1;
            }
            end = k + 1;
        }
        let count = end - i;
        let prose = lines_l >= MIN_SIDE_LINES
            && lines_r >= MIN_SIDE_LINES
            && words_l >= 4 * lines_l
            && words_r >= 4 * lines_r
            && tabs_l * 10 <= words_l
            && tabs_r * 10 <= words_r
            && lo - min_x >= 10.0 * em
            && max_x - hi >= 10.0 * em
            && hi - lo >= 0.8 * em;
        if count >= MIN_COLUMN_LINES && prose {
            return Some((end, 0.5 * (lo + hi)));
        }
    }
    None
}

/// The parts of a line left and right of `x`.
fn split_line(line: &Line, x: f32) -> (Option<Line>, Option<Line>) {
    let part = |left: bool| {
        let mut out = Line {
            y: line.y,
            size: line.size,
            ..Line::default()
        };
        for w in line.words.iter().filter(|w| (w.x1 <= x) == left) {
            let start = out.text.len();
            out.text.push_str(&line.text[w.start..w.end]);
            out.words.push(Word {
                start,
                end: out.text.len(),
                tab_before: w.tab_before && !out.words.is_empty(),
                ..*w
            });
        }
        (!out.words.is_empty()).then_some(out)
    };
    (part(true), part(false))
}

/// Split the group's glyphs (stream order) into runs sharing a baseline.
fn build_runs(glyphs: &[Glyph], ids: &[u32]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (k, &id) in ids.iter().enumerate() {
        let g = &glyphs[id as usize];
        if let Some(run) = runs.last_mut() {
            let prev = &glyphs[ids[k - 1] as usize];
            let s = prev.size.max(g.size);
            let expected = prev.y + (g.x - prev.x) * prev.slope;
            if (g.y - expected).abs() <= 0.2 * s {
                run.end = k + 1;
                run.x0 = run.x0.min(g.x);
                run.x1 = run.x1.max(g.x + g.adv.max(0.0));
                if !g.space {
                    run.size = run.size.max(g.size);
                }
                continue;
            }
        }
        runs.push(Run {
            start: k,
            end: k + 1,
            x0: g.x,
            x1: g.x + g.adv.max(0.0),
            bx: g.x,
            by: g.y,
            slope: g.slope,
            size: g.size,
        });
    }
    runs
}

/// Group runs into lines by baseline, top to bottom.
fn cluster_lines(runs: &[Run], x_ref: f32) -> Vec<LineAcc> {
    let mut order: Vec<u32> = (0..runs.len() as u32).collect();
    order.sort_by(|&a, &b| {
        runs[b as usize]
            .y_at(x_ref)
            .total_cmp(&runs[a as usize].y_at(x_ref))
    });
    let mut lines: Vec<LineAcc> = Vec::new();
    for &ri in &order {
        let r = &runs[ri as usize];
        let ry = r.y_at(x_ref);
        let mut best: Option<(usize, f32)> = None;
        for (li, line) in lines.iter().enumerate().rev() {
            let big = line.size.max(r.size);
            if line.first_y - ry > 4.0 * big {
                break;
            }
            // Baseline of the line extrapolated to where the run starts.
            let d = r.by - line.y_at(r.bx);
            let score = if d.abs() <= SAME_LINE * big {
                d.abs() / big
            } else {
                // A super- or subscript: clearly smaller, shifted by less
                // than about half the larger size, and touching the line
                // horizontally.
                let small = line.size.min(r.size);
                let offset = if r.size < line.size { d } else { -d };
                let near = r.x0 <= line.x1 + big && r.x1 >= line.x0 - big;
                if small <= 0.85 * big && (-0.3 * big..=0.6 * big).contains(&offset) && near {
                    1.0 + d.abs() / big
                } else {
                    continue;
                }
            };
            if best.is_none_or(|(_, s)| score < s) {
                best = Some((li, score));
            }
        }
        match best {
            Some((li, _)) => {
                let line = &mut lines[li];
                line.runs.push(ri);
                line.x0 = line.x0.min(r.x0);
                line.x1 = line.x1.max(r.x1);
                if r.size > line.size * 1.05 {
                    // The larger text defines the baseline (a line that
                    // started with a superscript).
                    line.bx = r.bx;
                    line.by = r.by;
                    line.slope = r.slope;
                    line.size = r.size;
                }
            }
            None => lines.push(LineAcc {
                runs: vec![ri],
                bx: r.bx,
                by: r.by,
                slope: r.slope,
                size: r.size,
                x0: r.x0,
                x1: r.x1,
                first_y: ry,
            }),
        }
    }
    lines
}

/// Words of one line from its glyphs sorted left to right.
fn build_words(page: &PageContent, sorted: &[u32]) -> Line {
    let mut line = Line::default();
    let mut prev: Option<&Glyph> = None;
    let mut saw_space = false;
    for &id in sorted {
        let g = &page.glyphs[id as usize];
        if g.space {
            saw_space = true;
            continue;
        }
        let text = page.glyph_text(g);
        let sep = match prev {
            None => Some(false),
            Some(p) => {
                let s = p.size.max(g.size);
                // Fake bold / shadow: the same glyph drawn twice almost on top
                // of itself.
                if (g.x - p.x).abs() < 0.2 * s
                    && (g.y - p.y).abs() < 0.2 * s
                    && page.glyph_text(p) == text
                {
                    continue;
                }
                let gap = g.x - (p.x + p.adv);
                if gap > TAB_GAP * s {
                    Some(true)
                } else if saw_space || gap > WORD_GAP * s {
                    // A rule drawn between two words is a table's column
                    // border, however narrow the column.
                    Some(ruled_between(page, p, g))
                } else {
                    None
                }
            }
        };
        let start = line.text.len();
        line.text.push_str(text);
        let end = line.text.len();
        let x1 = g.x + g.adv.max(0.0);
        match (sep, line.words.last_mut()) {
            (None, Some(w)) => {
                w.end = end;
                w.x1 = w.x1.max(x1);
            }
            (sep, _) => line.words.push(Word {
                x0: g.x,
                x1,
                start,
                end,
                tab_before: sep == Some(true),
            }),
        }
        prev = Some(g);
        saw_space = false;
    }
    line
}

/// Whether a vertical rule is drawn between glyph `p` and the glyph `g`
/// after it on their line (unrotated text, whose reading coordinates are
/// device space), reaching over `g`'s baseline.
fn ruled_between(page: &PageContent, p: &Glyph, g: &Glyph) -> bool {
    if p.dir != 0 || g.dir != 0 || page.rules.is_empty() {
        return false;
    }
    let (left, right) = (p.x + p.adv.max(0.0) - 0.5, g.x + 0.5);
    page.rules
        .iter()
        .any(|r| left <= r.x && r.x <= right && r.y0 <= g.y && g.y <= r.y1)
}

/// The value below which a share `q` of `v` lies.
fn percentile(mut v: Vec<f32>, q: f32) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    let idx = ((v.len() - 1) as f32 * q).round() as usize;
    v.get(idx).copied()
}

/// Text of lines, with paragraph breaks and table rows; `pitch` is the
/// page's median line pitch.
fn render(lines: &[Line], pitch: f32, carry: &mut TableCarry) -> String {
    let para = |l: &Line| l.gap > PARA_GAP * pitch;
    let indents = indents(lines);
    let carried = std::mem::take(&mut carry.cols);

    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        if i > 0 {
            out.push_str(if para(&lines[i]) { "\n\n" } else { "\n" });
        }
        // A table near the page's head may go on from the page before.
        let before = (i <= FURNITURE_LINES && !carried.is_empty()).then_some(carried.as_slice());
        if let Some((rows, used, cols)) = table_region(lines, i, pitch, before) {
            out.push_str(&rows.join("\n"));
            i += used;
            if lines.len() - i <= FURNITURE_LINES {
                carry.cols = cols;
            }
            continue;
        }
        for _ in 0..indents[i] {
            out.push(' ');
        }
        push_line(&mut out, &lines[i]);
        i += 1;
    }
    out
}

/// How far each line starts right of the text's left edge near it, in
/// spaces of a quarter em (a space's usual width): a sub-point typed indented is indented in the text
/// too, as segmentation reads levels of a list. The edge is the leftmost
/// start that at least two of the lines around it share, among those that
/// share its columns (a page's second column has its own edge); less than
/// three quarters of an em is none.
fn indents(lines: &[Line]) -> Vec<usize> {
    const AROUND: usize = 12;
    const MAX_SPACES: f32 = 24.0;
    let span = |l: &Line| (l.words[0].x0, l.words[l.words.len() - 1].x1);
    (0..lines.len())
        .map(|i| {
            let (x0, x1) = span(&lines[i]);
            let em = lines[i].size.max(1.0);
            let mut starts: Vec<f32> = lines
                [i.saturating_sub(AROUND)..(i + AROUND + 1).min(lines.len())]
                .iter()
                .map(span)
                .filter(|&(a, b)| a < x1 && b > x0)
                .map(|(a, _)| a)
                .collect();
            starts.sort_by(f32::total_cmp);
            // The leftmost start that another line shares: a speck or a
            // stray word an OCR layer put in the margin sets no edge.
            let edge = starts
                .windows(2)
                .find(|w| w[1] - w[0] <= 0.25 * em)
                .map_or(x0, |w| w[0])
                .min(x0);
            let ems = (x0 - edge) / em;
            if ems < 0.75 {
                0
            } else {
                (ems * 4.0).min(MAX_SPACES).round() as usize
            }
        })
        .collect()
}

fn push_line(out: &mut String, line: &Line) {
    for (k, w) in line.words.iter().enumerate() {
        if k > 0 {
            out.push(if w.tab_before { '\t' } else { ' ' });
        }
        out.push_str(&line.text[w.start..w.end]);
    }
}

/// A table starting at `lines[i]`, if any: `(rows as tab-separated lines,
/// number of input lines consumed)`.
///
/// The heuristic, aimed at Word/LibreOffice tables whose cells wrap:
/// * A line with at least two tab-separated fragments defines the column
///   starts (the x of each fragment).
/// * Following lines belong to the table while each of their fragments
///   starts at one of those columns (±0.25 em) or stays inside the current
///   cell, and no word runs into the next column. A word that starts exactly
///   at a column start opens that column even after a mere space: full cells
///   leave less than a tab-sized gap to the next column. Distance does not
///   end a table (padded rows can be far apart) unless it exceeds 4 pitches.
/// * Row or continuation? Rows are separated by cell padding, so the table's
///   line gaps usually come in two sizes: one line pitch (a wrapped cell, or
///   vertically centred cells) and pitch + padding (next row). If the gaps
///   show such a split, it decides. If not (Word's unpadded tables), a line
///   with text in the first column starts a row unless every one of its cells
///   is a wrap of the cell above: its first word would not have fitted on the
///   line above within the column's width. A line without text in the first
///   column continues the row above.
///
/// Cells of a row are joined with '\t', empty cells included (every row has
/// all the table's columns); the lines of a cell are joined with ' '.
///
/// Limits: the columns are those of the region's first tab-separated line, so
/// a column that is empty there is folded into its left neighbour; a
/// one-line row and a wrapped line are indistinguishable when both the gaps
/// and the wrap test say nothing; merged cells, nested tables and centred or
/// right-aligned columns (whose lines do not share a left edge) are not
/// understood; a two-column table whose both columns hold long prose may be
/// read column by column by the multi-column step instead.
fn table_region(
    lines: &[Line],
    i: usize,
    pitch: f32,
    before: Option<&[f32]>,
) -> Option<(Vec<String>, usize, Vec<f32>)> {
    let first = &lines[i];
    if first.words.iter().filter(|w| w.tab_before).count() == 0 {
        return None;
    }
    let own: Vec<f32> = first
        .words
        .iter()
        .enumerate()
        .filter(|(k, w)| *k == 0 || w.tab_before)
        .map(|(_, w)| w.x0)
        .collect();
    let tol = (0.25 * first.size).max(1.0);
    // The table of the page before, if this line's cells stand in its
    // columns: its empty cells keep their places.
    let continued = before.is_some_and(|b| {
        b.len() > own.len() && own.iter().all(|x| b.iter().any(|c| (x - c).abs() <= tol))
    });
    let cols = match before {
        Some(b) if continued => b.to_vec(),
        _ => own,
    };
    let mut region: Vec<Vec<Segment>> = vec![segments(first, &cols, tol)?];
    let mut j = i + 1;
    while j < lines.len() {
        let l = &lines[j];
        // Rows of padded tables can be far apart; alignment, not distance,
        // is what ends a table. A negative gap is a jump to the next column.
        if l.gap > 4.0 * pitch || l.gap <= 0.0 {
            break;
        }
        match segments(l, &cols, tol) {
            Some(s) => region.push(s),
            None => break,
        }
        j += 1;
    }
    // One line is no table, unless it goes on with the table of the page before.
    if region.len() < 2 && !continued {
        return None;
    }

    // Decide which lines start a new row.
    let gaps: Vec<f32> = (i + 1..j).map(|k| lines[k].gap).collect();
    let mut sorted = gaps.clone();
    sorted.sort_by(f32::total_cmp);
    let mut split: Option<f32> = None;
    let mut best_jump = 1.15f32;
    for w in sorted.windows(2) {
        if w[0] > 0.0 && w[0] <= 1.45 && w[1] / w[0] > best_jump {
            best_jump = w[1] / w[0];
            split = Some((w[0] * w[1]).sqrt());
        }
    }
    let all_wide = sorted.first().is_some_and(|&g| g > 1.45);
    // Right edge of each column: the furthest any of its lines reaches.
    let mut col_right = vec![f32::NEG_INFINITY; cols.len()];
    for (k, segs) in region.iter().enumerate() {
        let line = &lines[i + k];
        for s in segs {
            if let Some(r) = col_right.get_mut(s.col) {
                *r = r.max(seg_x1(line, s));
            }
        }
    }
    // Did every cell of line k wrap from line k-1? A cell wraps when its
    // first word would not have fitted after the text above it.
    let wrapped = |k: usize| -> bool {
        let (line, prev) = (&lines[i + k], &lines[i + k - 1]);
        region[k].iter().all(|s| {
            let Some(above) = region[k - 1].iter().find(|a| a.col == s.col) else {
                return false;
            };
            let w = &line.words[s.first];
            let needed = seg_x1(prev, above) + 0.25 * line.size + (w.x1 - w.x0);
            needed > col_right[s.col] + 0.2 * line.size
        })
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (k, segs) in region.iter().enumerate() {
        let new_row = k == 0 || {
            let gap = gaps[k - 1];
            let starts_first_col = segs.first().is_some_and(|s| s.col == 0);
            match split {
                Some(t) => gap > t,
                None => all_wide || (starts_first_col && !wrapped(k)),
            }
        };
        if new_row {
            rows.push(vec![String::new(); cols.len()]);
        }
        let Some(row) = rows.last_mut() else { continue };
        let line = &lines[i + k];
        for seg in segs {
            let Some(cell) = row.get_mut(seg.col) else {
                continue;
            };
            for w in &line.words[seg.first..seg.last] {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&line.text[w.start..w.end]);
            }
        }
    }
    // Every row keeps all columns, so downstream code can split on '\t'.
    let out = rows.into_iter().map(|cells| cells.join("\t")).collect();
    Some((out, j - i, cols))
}

/// Right end of a segment's last word.
fn seg_x1(line: &Line, s: &Segment) -> f32 {
    line.words[s.first..s.last]
        .iter()
        .fold(f32::NEG_INFINITY, |m, w| m.max(w.x1))
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    col: usize,
    first: usize,
    last: usize,
}

/// Assign a line's words to table columns; `None` if the line does not fit.
fn segments(line: &Line, cols: &[f32], tol: f32) -> Option<Vec<Segment>> {
    let mut segs: Vec<Segment> = Vec::new();
    for (k, w) in line.words.iter().enumerate() {
        let starts_fragment = k == 0 || w.tab_before;
        let cur = segs.last().map(|s| s.col);
        let aligned = cols.iter().position(|&c| (w.x0 - c).abs() <= tol);
        // A line whose first word starts inside a column (a wrapped cell
        // of a column to the right, with the cells left of it empty) opens
        // that column.
        let containing = || cols.iter().rposition(|&c| c - tol <= w.x0);
        let open = match (aligned, cur) {
            (Some(a), None) => Some(a),
            (Some(a), Some(c)) if a > c => Some(a),
            (None, None) if k == 0 => containing(),
            _ => None,
        };
        // A tab-sized gap that does not reach the next column is a wide
        // (justified) space inside the current cell.
        let inside_cell = |s: &Segment| cols.get(s.col + 1).is_none_or(|&next| w.x0 < next - tol);
        match (open, segs.last_mut()) {
            (Some(col), _) => segs.push(Segment {
                col,
                first: k,
                last: k + 1,
            }),
            (None, Some(s)) if !starts_fragment || inside_cell(s) => s.last = k + 1,
            _ => return None,
        }
        let col = segs.last().map_or(0, |s| s.col);
        if let Some(&next) = cols.get(col + 1)
            && w.x1 > next + tol
        {
            return None;
        }
    }
    Some(segs)
}
