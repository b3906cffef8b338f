//! Content-stream interpreter: from a page's operators to positioned glyphs.
//!
//! In: a page of a loaded [`Document`], the document's [`FontCache`] and the
//! [`Limits`]. Out: a [`PageContent`] with every shown glyph (device-space
//! position already turned into "reading" coordinates, size, advance, text)
//! plus counters used to label the page (images, invisible glyphs, ...).
//!
//! Only what matters for text is tracked: the graphics state stack (`q`/`Q`),
//! the CTM (`cm`), the text state (`Tc Tw Tz TL Tf Tr Ts`), the text and line
//! matrices (`BT Tm Td TD T*`), the show operators (`Tj TJ ' "`) and `Do`,
//! which descends into Form XObjects (own `/Resources` and `/Matrix`, depth
//! limit, cycle check) and counts Image XObjects. Colours, paths and clipping
//! are ignored.
//!
//! Reading coordinates: each glyph's text direction is rounded to a multiple
//! of 90°; `x` runs along that direction and `y` points "up" relative to it.
//! Horizontal text keeps device coordinates; text rotated by 90° gets its own
//! frame, so the layout step can treat every group as left-to-right,
//! top-to-bottom text. The remaining small angle (scan skew) is kept as `slope`.

use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::Limits;
use super::font::{Font, FontCache, number, resolve, resolve_dict};

/// Largest decoded content stream (page or form) we process.
const MAX_CONTENT_BYTES: usize = 128 * 1024 * 1024;
/// Glyphs kept per page; beyond this the page is surely not prose.
const MAX_GLYPHS: usize = 1_000_000;
/// Depth of `q` nesting we keep; deeper saves are ignored (a broken file).
const MAX_GSTATE_DEPTH: usize = 256;
/// Minimum device font size used by layout, so zero-size text cannot make
/// every threshold zero.
const MIN_SIZE: f32 = 0.5;

/// One shown glyph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    /// Baseline origin in reading coordinates.
    pub(crate) x: f32,
    pub(crate) y: f32,
    /// Font size in device space (height of the em square).
    pub(crate) size: f32,
    /// Pen advance along the reading direction (includes Tc, Tw, Tz).
    pub(crate) adv: f32,
    /// tan of the angle between the text direction and the rounded direction.
    pub(crate) slope: f32,
    /// Byte range of the glyph's text in [`PageContent::text`].
    pub(crate) start: u32,
    pub(crate) len: u16,
    /// Text direction: 0 = left-to-right, 1 = bottom-to-top, 2 = upside
    /// down, 3 = top-to-bottom (multiples of 90° counter-clockwise).
    pub(crate) dir: u8,
    /// The glyph is white space (its text is not stored).
    pub(crate) space: bool,
}

/// Everything the interpreter learned about one page.
#[derive(Debug, Default)]
pub(crate) struct PageContent {
    pub(crate) glyphs: Vec<Glyph>,
    /// Concatenated text of all glyphs; glyphs index into it.
    pub(crate) text: String,
    /// Image XObjects drawn and inline images.
    pub(crate) images: usize,
    /// Glyphs shown whose text is not white space (decodable or not).
    pub(crate) shown: usize,
    /// ... of which drawn in an invisible render mode (3 or 7).
    pub(crate) invisible: usize,
    /// ... of which drawn with a GlyphLessFont.
    pub(crate) glyphless: usize,
    /// Glyphs that decoded to non-white-space text.
    pub(crate) decoded: usize,
    /// Vertical lines drawn on the page (stroked lines, thin rectangles), in
    /// device space: the rules between a table's columns.
    pub(crate) rules: Vec<Rule>,
}

/// A vertical line drawn on a page, in device space (`y0 < y1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub(crate) x: f32,
    pub(crate) y0: f32,
    pub(crate) y1: f32,
}

/// Most rules kept per page (a drawing of hatching is no table).
const MAX_RULES: usize = 4096;
/// A line this much longer than it is wide (device units) counts as a rule …
const RULE_MIN_LENGTH: f64 = 6.0;
/// … when it is at most this wide.
const RULE_MAX_WIDTH: f64 = 2.5;

impl PageContent {
    pub(crate) fn glyph_text(&self, g: &Glyph) -> &str {
        let s = g.start as usize;
        self.text.get(s..s + usize::from(g.len)).unwrap_or("")
    }
}

/// Affine matrix `[a b c d e f]`, row-vector convention as in the PDF spec.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
}

impl Matrix {
    pub(crate) const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    fn new(v: [f64; 6]) -> Matrix {
        Matrix {
            a: v[0],
            b: v[1],
            c: v[2],
            d: v[3],
            e: v[4],
            f: v[5],
        }
    }

    /// `self × other`: apply `self` first, then `other`.
    fn mul(&self, o: &Matrix) -> Matrix {
        Matrix {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }

    /// The point `(x, y)` mapped by this matrix.
    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.a * x + self.c * y + self.e,
            self.b * x + self.d * y + self.f,
        )
    }

    /// Pre-multiply by a translation: `translate(tx, ty) × self`.
    fn pre_translate(&mut self, tx: f64, ty: f64) {
        self.e += tx * self.a + ty * self.c;
        self.f += tx * self.b + ty * self.d;
    }

    fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f]
            .iter()
            .all(|v| v.is_finite())
    }
}

#[derive(Debug, Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// Tz / 100.
    hscale: f64,
    leading: f64,
    rise: f64,
    render_mode: i64,
}

impl GState {
    fn new(ctm: Matrix) -> GState {
        GState {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
        }
    }
}

/// The `/Font` and `/XObject` sub-dictionaries of a resource dictionary.
#[derive(Clone, Copy, Default)]
struct Resources<'a> {
    fonts: Option<&'a Dictionary>,
    xobjects: Option<&'a Dictionary>,
}

impl<'a> Resources<'a> {
    fn from_dict(doc: &'a Document, dict: &'a Dictionary) -> Self {
        let sub = |key: &[u8]| dict.get(key).ok().and_then(|o| resolve_dict(doc, o));
        Resources {
            fonts: sub(b"Font"),
            xobjects: sub(b"XObject"),
        }
    }
}

/// Run the page's content streams and collect its glyphs.
pub(crate) fn interpret_page(
    doc: &Document,
    page_id: ObjectId,
    fonts: &mut FontCache,
    limits: &Limits,
) -> PageContent {
    let mut interp = Interp {
        doc,
        fonts,
        limits,
        out: PageContent::default(),
        ops: 0,
        forms: Vec::new(),
        gs: GState::new(Matrix::IDENTITY),
        stack: Vec::new(),
        tm: Matrix::IDENTITY,
        tlm: Matrix::IDENTITY,
        point: None,
        path_rules: Vec::new(),
    };
    let resources = page_resources(doc, page_id)
        .map(|d| Resources::from_dict(doc, d))
        .unwrap_or_default();
    // A page whose content cannot be inflated within the limit yields no text
    // rather than failing the whole document.
    if let Ok(data) = doc.get_page_content_with_limit(page_id, MAX_CONTENT_BYTES) {
        interp.run(&data, resources, 0);
    }
    interp.out
}

/// `/Resources` of a page, inherited through `/Parent` if the page has none.
fn page_resources(doc: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..64 {
        if let Some(r) = node
            .get(b"Resources")
            .ok()
            .and_then(|o| resolve_dict(doc, o))
        {
            return Some(r);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|o| resolve_dict(doc, o))?;
    }
    None
}

struct Interp<'a, 'f> {
    doc: &'a Document,
    fonts: &'f mut FontCache,
    limits: &'f Limits,
    out: PageContent,
    /// Operators executed on this page so far, forms included.
    ops: usize,
    /// Form XObjects currently being executed (cycle protection).
    forms: Vec<ObjectId>,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    /// The path being built: its current point (device space) and the
    /// vertical rules in it, kept when the path is painted.
    point: Option<(f64, f64)>,
    path_rules: Vec<Rule>,
}

fn num(o: &Object) -> Option<f64> {
    let v = match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

fn nums<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    // Extra leading operands (broken files) are ignored: take the last N.
    let tail = ops.get(ops.len().checked_sub(N)?..)?;
    let mut out = [0.0; N];
    for (slot, o) in out.iter_mut().zip(tail) {
        *slot = num(o)?;
    }
    Some(out)
}

impl<'a> Interp<'a, '_> {
    fn run(&mut self, data: &[u8], res: Resources<'a>, depth: usize) {
        // decode_iter yields operations one by one; a syntax error ends the
        // stream but keeps everything read before it.
        for op in Content::decode_iter(data) {
            let Ok(op) = op else { break };
            self.ops += 1;
            if self.ops > self.limits.max_ops_per_page || self.out.glyphs.len() >= MAX_GLYPHS {
                return;
            }
            let operands = op.operands.as_slice();
            match op.operator.as_str() {
                // Saves beyond the depth cap (broken files) are ignored.
                "q" if self.stack.len() < MAX_GSTATE_DEPTH => self.stack.push(self.gs.clone()),
                "Q" => {
                    if let Some(g) = self.stack.pop() {
                        self.gs = g;
                    }
                }
                "cm" => {
                    if let Some(v) = nums::<6>(operands) {
                        let m = Matrix::new(v).mul(&self.gs.ctm);
                        if m.is_finite() {
                            self.gs.ctm = m;
                        }
                    }
                }
                "BT" => {
                    self.tm = Matrix::IDENTITY;
                    self.tlm = Matrix::IDENTITY;
                }
                "ET" => {}
                "Tm" => {
                    if let Some(v) = nums::<6>(operands) {
                        self.tm = Matrix::new(v);
                        self.tlm = self.tm;
                    }
                }
                "Td" => {
                    if let Some([tx, ty]) = nums::<2>(operands) {
                        self.next_line(tx, ty);
                    }
                }
                "TD" => {
                    if let Some([tx, ty]) = nums::<2>(operands) {
                        self.gs.leading = -ty;
                        self.next_line(tx, ty);
                    }
                }
                "T*" => self.next_line(0.0, -self.gs.leading),
                "TL" => {
                    if let Some([v]) = nums::<1>(operands) {
                        self.gs.leading = v;
                    }
                }
                "Tc" => {
                    if let Some([v]) = nums::<1>(operands) {
                        self.gs.char_spacing = v;
                    }
                }
                "Tw" => {
                    if let Some([v]) = nums::<1>(operands) {
                        self.gs.word_spacing = v;
                    }
                }
                "Tz" => {
                    if let Some([v]) = nums::<1>(operands) {
                        self.gs.hscale = v / 100.0;
                    }
                }
                "Ts" => {
                    if let Some([v]) = nums::<1>(operands) {
                        self.gs.rise = v;
                    }
                }
                "Tr" => {
                    if let Some([v]) = nums::<1>(operands) {
                        self.gs.render_mode = v as i64;
                    }
                }
                "Tf" => self.set_font(operands, res),
                "Tj" => {
                    if let Some(Object::String(s, _)) = operands.last() {
                        self.show(s);
                    }
                }
                "'" => {
                    self.next_line(0.0, -self.gs.leading);
                    if let Some(Object::String(s, _)) = operands.last() {
                        self.show(s);
                    }
                }
                "\"" => {
                    if let [aw, ac, Object::String(s, _)] = operands {
                        if let (Some(aw), Some(ac)) = (num(aw), num(ac)) {
                            self.gs.word_spacing = aw;
                            self.gs.char_spacing = ac;
                        }
                        self.next_line(0.0, -self.gs.leading);
                        self.show(s);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = operands.last() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(s),
                                other => {
                                    if let Some(n) = num(other) {
                                        let tx = -n / 1000.0 * self.gs.size * self.gs.hscale;
                                        self.tm.pre_translate(tx, 0.0);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(Object::Name(name)) = operands.last() {
                        self.do_xobject(name, res, depth);
                    }
                }
                // lopdf reports an inline image as one "BI" operation.
                "BI" => self.out.images += 1,
                "m" => self.point = nums::<2>(operands).map(|[x, y]| self.gs.ctm.apply(x, y)),
                "l" => {
                    if let Some([x, y]) = nums::<2>(operands) {
                        let to = self.gs.ctm.apply(x, y);
                        if let Some(from) = self.point {
                            self.path_rule(from, to, 0.0);
                        }
                        self.point = Some(to);
                    }
                }
                "c" | "v" | "y" => {
                    self.point = nums::<2>(operands).map(|[x, y]| self.gs.ctm.apply(x, y));
                }
                "re" => {
                    if let Some([x, y, w, h]) = nums::<4>(operands) {
                        let (a, b) = (self.gs.ctm.apply(x, y), self.gs.ctm.apply(x + w, y + h));
                        let width = (a.0 - b.0).abs();
                        let mid = (a.0 + b.0) / 2.0;
                        self.path_rule((mid, a.1), (mid, b.1), width);
                    }
                    self.point = None;
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let room = MAX_RULES.saturating_sub(self.out.rules.len());
                    let kept = self.path_rules.len().min(room);
                    self.out.rules.extend(self.path_rules.drain(..kept));
                    self.path_rules.clear();
                    self.point = None;
                }
                "n" => {
                    self.path_rules.clear();
                    self.point = None;
                }
                _ => {}
            }
        }
    }

    /// A segment of the path from `from` to `to` (device space), `width`
    /// wide: a rule when it is vertical, long and thin.
    fn path_rule(&mut self, from: (f64, f64), to: (f64, f64), width: f64) {
        let length = (to.1 - from.1).abs();
        if (from.0 - to.0).abs() <= 0.5
            && width <= RULE_MAX_WIDTH
            && length >= RULE_MIN_LENGTH
            && length > 3.0 * width
            && self.path_rules.len() < MAX_RULES
        {
            self.path_rules.push(Rule {
                x: ((from.0 + to.0) / 2.0) as f32,
                y0: from.1.min(to.1) as f32,
                y1: from.1.max(to.1) as f32,
            });
        }
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm.pre_translate(tx, ty);
        self.tm = self.tlm;
    }

    fn set_font(&mut self, operands: &[Object], res: Resources<'a>) {
        let [Object::Name(name), size] = operands else {
            return;
        };
        if let Some(s) = num(size) {
            self.gs.size = s;
        }
        let font = match res.fonts.and_then(|f| f.get(name).ok()) {
            Some(obj) => self.fonts.get(self.doc, obj),
            // Unknown font name: keep extracting with a Latin-1 stand-in.
            None => self.fonts.fallback(),
        };
        self.gs.font = Some(font);
    }

    /// Show one string: decode each code, record the glyph, advance the pen.
    fn show(&mut self, bytes: &[u8]) {
        let font = match &self.gs.font {
            Some(f) => Rc::clone(f),
            None => self.fonts.fallback(),
        };
        let invisible = matches!(self.gs.render_mode, 3 | 7);
        let (size, hscale) = (self.gs.size, self.gs.hscale);
        let mut rest = bytes;
        while !rest.is_empty() {
            let (code, n) = font.next_code(rest);
            let n = n.max(1);
            rest = rest.get(n..).unwrap_or(&[]);

            let m = self.tm.mul(&self.gs.ctm);
            let start = self.out.text.len();
            let decoded = font.decode(code, &mut self.out.text);
            let text = &self.out.text[start..];
            let is_space = decoded && text.chars().all(|c| c.is_whitespace() || c == '\u{200B}');

            // Pen advance in text space (PDF 32000-1, 9.4.4).
            let w0 = f64::from(font.width(code));
            let mut tx = w0 * size + self.gs.char_spacing;
            if n == 1 && code == 32 {
                tx += self.gs.word_spacing;
            }
            tx *= hscale;

            if decoded && !is_space {
                self.out.decoded += 1;
            }
            if !is_space {
                self.out.shown += 1;
                if invisible {
                    self.out.invisible += 1;
                }
                if font.glyphless {
                    self.out.glyphless += 1;
                }
            }
            // Record the glyph (space glyphs without text); a glyph that is
            // not recorded leaves no text behind either.
            if is_space {
                self.out.text.truncate(start);
            }
            let mut recorded = false;
            if decoded
                && self.out.glyphs.len() < MAX_GLYPHS
                && let (Ok(start32), Ok(len16)) = (
                    u32::try_from(start),
                    u16::try_from(self.out.text.len() - start),
                )
                && let Some(g) =
                    make_glyph(&m, size, hscale, self.gs.rise, tx, start32, len16, is_space)
            {
                self.out.glyphs.push(g);
                recorded = true;
            }
            if !recorded {
                self.out.text.truncate(start);
            }
            self.tm.pre_translate(tx, 0.0);
        }
    }

    fn do_xobject(&mut self, name: &[u8], res: Resources<'a>, depth: usize) {
        let Some(obj) = res.xobjects.and_then(|x| x.get(name).ok()) else {
            return;
        };
        let id = obj.as_reference().ok();
        let Some(Object::Stream(stream)) = resolve(self.doc, obj) else {
            return;
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| resolve(self.doc, o))
            .and_then(|o| o.as_name().ok());
        match subtype {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") => {
                if depth >= self.limits.max_xobject_depth {
                    return;
                }
                if let Some(id) = id {
                    if self.forms.contains(&id) {
                        return; // A form that (indirectly) draws itself.
                    }
                    self.forms.push(id);
                }
                let Ok(data) = stream.get_plain_content_with_limit(MAX_CONTENT_BYTES) else {
                    if id.is_some() {
                        self.forms.pop();
                    }
                    return;
                };
                let form_res = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| resolve_dict(self.doc, o))
                    .map_or(res, |d| Resources::from_dict(self.doc, d));
                let matrix = match stream
                    .dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|o| resolve(self.doc, o))
                {
                    Some(Object::Array(a)) if a.len() == 6 => {
                        let mut v = [0.0; 6];
                        let mut ok = true;
                        for (slot, o) in v.iter_mut().zip(a) {
                            match number(self.doc, o).map(f64::from).filter(|x| x.is_finite()) {
                                Some(x) => *slot = x,
                                None => ok = false,
                            }
                        }
                        if ok { Matrix::new(v) } else { Matrix::IDENTITY }
                    }
                    _ => Matrix::IDENTITY,
                };
                // A form runs in a saved graphics state; its text matrices
                // are its own too.
                let saved = (self.gs.clone(), self.stack.len(), self.tm, self.tlm);
                self.gs.ctm = matrix.mul(&self.gs.ctm);
                self.run(&data, form_res, depth + 1);
                self.gs = saved.0;
                self.stack.truncate(saved.1);
                self.tm = saved.2;
                self.tlm = saved.3;
                if id.is_some() {
                    self.forms.pop();
                }
            }
            _ => {}
        }
    }
}

/// Device geometry of a glyph drawn with text rendering matrix base `m`
/// (= Tm × CTM), converted to reading coordinates.
#[allow(clippy::too_many_arguments)]
fn make_glyph(
    m: &Matrix,
    size: f64,
    hscale: f64,
    rise: f64,
    tx: f64,
    start: u32,
    len: u16,
    space: bool,
) -> Option<Glyph> {
    // Baseline origin: text-space point (0, rise).
    let x = rise * m.c + m.e;
    let y = rise * m.d + m.f;
    // Direction of the text line: the text-space x axis, flipped for a
    // negative size or scale (which mirrors the advance direction).
    let sign = if size * hscale < 0.0 { -1.0 } else { 1.0 };
    let (mut dx, mut dy) = (m.a * sign, m.b * sign);
    let xlen = dx.hypot(dy);
    if xlen > 0.0 {
        dx /= xlen;
        dy /= xlen;
    } else {
        (dx, dy) = (1.0, 0.0);
    }
    let dev_size = (size * m.c.hypot(m.d)).abs();
    let angle = dy.atan2(dx);
    let quarter = std::f64::consts::FRAC_PI_2;
    let q = (angle / quarter).round();
    let residual = angle - q * quarter;
    let dir = (q as i64).rem_euclid(4) as u8;
    let (cos, sin) = match dir {
        0 => (1.0, 0.0),
        1 => (0.0, 1.0),
        2 => (-1.0, 0.0),
        _ => (0.0, -1.0),
    };
    let rx = x * cos + y * sin;
    let ry = -x * sin + y * cos;
    // Advance vector in device space, projected on the reading direction.
    let adv = tx * (m.a * cos + m.b * sin);
    let g = Glyph {
        x: rx as f32,
        y: ry as f32,
        size: (dev_size as f32).max(MIN_SIZE),
        adv: adv as f32,
        slope: residual.tan() as f32,
        start,
        len,
        dir,
        space,
    };
    (g.x.is_finite() && g.y.is_finite() && g.size.is_finite() && g.adv.is_finite()).then_some(g)
}
