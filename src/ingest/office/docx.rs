//! Word (.docx): the main document part walked in reading order, with the
//! styles and numbering parts to know headings and lists.
//!
//! What is read as the document shows it with every tracked change accepted:
//! insertions (`w:ins`, `w:moveTo`) kept, deletions (`w:del`, `w:moveFrom`,
//! a deleted paragraph mark joining two paragraphs, deleted rows and cells)
//! dropped. Of a field, the result is kept and the instruction left out.
//! Hidden text (`w:vanish`), comments, footnote and endnote references are
//! left out; a text box is read once (the drawing, not its VML fallback),
//! after the paragraph it is anchored in.

use super::xml::{Element, Node, Ns};
use super::{BlockKind, Inline, MAX_SPAN, Writer, Zip, format_number, list_prefix};
use crate::ingest::IngestError;
use std::collections::HashMap;

/// Read the document whose main part is `main`: its pages of text.
pub fn read(zip: &mut Zip<'_>, main: &str) -> Result<Vec<String>, IngestError> {
    let broken = |e: String| IngestError::BrokenDocument("Word", e);
    let document = zip
        .xml(main)?
        .ok_or_else(|| broken(format!("dokumentdelen {main} saknas")))?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let rels_name = format!(
        "{}_rels/{}.rels",
        if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        },
        main.rsplit('/').next().unwrap_or(main)
    );
    let rels = zip.xml(&rels_name)?;
    let part = |kind: &str, default: &str| -> String {
        rels.as_ref()
            .and_then(|r| {
                r.elements().find(|e| {
                    e.name == "Relationship"
                        && e.attr(Ns::None, "Type")
                            .is_some_and(|t| t.rsplit('/').next() == Some(kind))
                        && e.attr(Ns::None, "TargetMode") != Some("External")
                })
            })
            .and_then(|e| e.attr(Ns::None, "Target"))
            .map_or_else(|| default.to_owned(), |t| resolve(dir, t))
    };
    let styles_part = part("styles", "word/styles.xml");
    let numbering_part = part("numbering", "word/numbering.xml");
    let styles = match zip.xml(&styles_part)? {
        Some(s) => Styles::load(&s),
        None => Styles::default(),
    };
    let numbering = match zip.xml(&numbering_part)? {
        Some(n) => Numbering::load(&n, &styles),
        None => Numbering::default(),
    };
    let body = document
        .child(Ns::W, "body")
        .ok_or_else(|| broken("dokumentet saknar w:body".into()))?;
    Ok(text_of(body, &styles, numbering))
}

/// The pages of a `w:body` (or any element holding block content).
fn text_of(body: &Element, styles: &Styles, numbering: Numbering) -> Vec<String> {
    let mut sections = Vec::new();
    section_types(body, &mut sections);
    let mut r = Reader {
        styles,
        numbering,
        out: Writer::default(),
        fields: Vec::new(),
        tables: 0,
        sections,
        section: 0,
        carry: None,
    };
    r.blocks(body);
    r.flush_carry();
    r.out.finish()
}

/// A relationship target relative to the folder of the part that names it.
fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_owned();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Whether a section's `w:type` starts it on a new page (the default does).
fn starts_new_page(sect: &Element) -> bool {
    !matches!(
        sect.child_val(Ns::W, "type"),
        Some("continuous" | "nextColumn")
    )
}

/// For every section in order (paragraph-level `w:sectPr`, then the body's
/// own), whether it starts on a new page. A paragraph's `w:sectPr` ends its
/// section; whether a page break follows is the next section's type.
fn section_types(el: &Element, out: &mut Vec<bool>) {
    for e in el.elements() {
        if e.ns != Some(Ns::W) {
            continue;
        }
        match e.name.as_str() {
            "p" => {
                if let Some(s) = e.child(Ns::W, "pPr").and_then(|p| p.child(Ns::W, "sectPr")) {
                    out.push(starts_new_page(s));
                }
            }
            "sdt" | "sdtContent" | "customXml" => section_types(e, out),
            "sectPr" => out.push(starts_new_page(e)),
            _ => {}
        }
    }
}

/// A `w:val`-style on/off property: present means on unless it says false.
fn on(el: Option<&Element>) -> Option<bool> {
    el.map(|e| !matches!(e.attr(Ns::W, "val"), Some("0" | "false" | "off")))
}

/// The styles part: what each paragraph style says about headings, lists and
/// page breaks, following `w:basedOn`.
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
}

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    page_break_before: Option<bool>,
}

/// What a paragraph's style chain says.
#[derive(Debug, Default)]
struct Resolved {
    heading: bool,
    num_id: Option<String>,
    ilvl: Option<u8>,
    page_break_before: bool,
}

impl Styles {
    fn load(root: &Element) -> Self {
        let mut s = Styles::default();
        for st in root.elements().filter(|e| e.is(Ns::W, "style")) {
            let Some(id) = st.attr(Ns::W, "styleId") else {
                continue;
            };
            let ppr = st.child(Ns::W, "pPr");
            let numpr = ppr.and_then(|p| p.child(Ns::W, "numPr"));
            let style = Style {
                name: st
                    .child_val(Ns::W, "name")
                    .unwrap_or_default()
                    .to_lowercase(),
                based_on: st.child_val(Ns::W, "basedOn").map(str::to_owned),
                outline: ppr
                    .and_then(|p| p.child_val(Ns::W, "outlineLvl"))
                    .and_then(|v| v.parse().ok()),
                num_id: numpr
                    .and_then(|n| n.child_val(Ns::W, "numId"))
                    .map(str::to_owned),
                ilvl: numpr
                    .and_then(|n| n.child_val(Ns::W, "ilvl"))
                    .and_then(|v| v.parse().ok()),
                page_break_before: on(ppr.and_then(|p| p.child(Ns::W, "pageBreakBefore"))),
            };
            if st.attr(Ns::W, "type") == Some("paragraph")
                && matches!(st.attr(Ns::W, "default"), Some("1" | "true" | "on"))
            {
                s.default_paragraph = Some(id.to_owned());
            }
            s.styles.insert(id.to_owned(), style);
        }
        s
    }

    /// The chain of style `id` and the styles it is based on (at most 16, a
    /// cycle ends it).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out: Vec<&Style> = Vec::new();
        let mut next = id.or(self.default_paragraph.as_deref());
        while let Some(i) = next {
            let Some(s) = self.styles.get(i) else { break };
            if out.len() >= 16 || out.iter().any(|o| std::ptr::eq(*o, s)) {
                break;
            }
            out.push(s);
            next = s.based_on.as_deref();
        }
        out
    }

    fn resolve(&self, id: Option<&str>) -> Resolved {
        let chain = self.chain(id);
        let named_heading = |n: &str| {
            n == "title"
                || n == "subtitle"
                || n.strip_prefix("heading ")
                    .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
        };
        let mut r = Resolved {
            heading: chain.iter().find_map(|s| s.outline).is_some_and(|o| o < 9)
                || chain.iter().any(|s| named_heading(&s.name)),
            page_break_before: chain
                .iter()
                .find_map(|s| s.page_break_before)
                .unwrap_or(false),
            ..Resolved::default()
        };
        if let Some(s) = chain.iter().find(|s| s.num_id.is_some()) {
            r.num_id = s.num_id.clone();
            r.ilvl = s.ilvl;
        }
        if r.ilvl.is_none() {
            r.ilvl = chain.iter().find_map(|s| s.ilvl);
        }
        r
    }
}

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: i64,
    format: String,
    text: String,
}

impl Level {
    fn load(lvl: &Element) -> Self {
        Level {
            start: lvl
                .child_val(Ns::W, "start")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1),
            format: lvl
                .child_val(Ns::W, "numFmt")
                .unwrap_or("decimal")
                .to_owned(),
            text: lvl.child_val(Ns::W, "lvlText").unwrap_or("").to_owned(),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// Per level: a start override and a replaced level definition.
    overrides: HashMap<u8, (Option<i64>, Option<Level>)>,
}

/// The numbering part, and the counters of the lists as the document is read.
#[derive(Debug, Default)]
struct Numbering {
    nums: HashMap<String, Num>,
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// Per abstract list, the current value of each level (None: not started).
    counters: HashMap<String, [Option<i64>; 9]>,
    /// Lists (`w:num`) already used: their start overrides apply once.
    used: std::collections::HashSet<String>,
}

/// A list item's label.
#[derive(Debug, PartialEq, Eq)]
enum Label {
    Bullet,
    Number(String),
}

impl Numbering {
    fn load(root: &Element, styles: &Styles) -> Self {
        let mut n = Numbering::default();
        let mut links: HashMap<String, String> = HashMap::new();
        for a in root.elements().filter(|e| e.is(Ns::W, "abstractNum")) {
            let Some(id) = a.attr(Ns::W, "abstractNumId") else {
                continue;
            };
            let levels = a
                .elements()
                .filter(|e| e.is(Ns::W, "lvl"))
                .filter_map(|l| Some((l.attr(Ns::W, "ilvl")?.parse().ok()?, Level::load(l))))
                .collect();
            if let Some(link) = a.child_val(Ns::W, "numStyleLink") {
                links.insert(id.to_owned(), link.to_owned());
            }
            n.abstracts.insert(id.to_owned(), levels);
        }
        for num in root.elements().filter(|e| e.is(Ns::W, "num")) {
            let (Some(id), Some(abs)) = (
                num.attr(Ns::W, "numId"),
                num.child_val(Ns::W, "abstractNumId"),
            ) else {
                continue;
            };
            let overrides = num
                .elements()
                .filter(|e| e.is(Ns::W, "lvlOverride"))
                .filter_map(|o| {
                    let lvl: u8 = o.attr(Ns::W, "ilvl")?.parse().ok()?;
                    let start = o
                        .child_val(Ns::W, "startOverride")
                        .and_then(|v| v.parse().ok());
                    let def = o.child(Ns::W, "lvl").map(Level::load);
                    Some((lvl, (start, def)))
                })
                .collect();
            n.nums.insert(
                id.to_owned(),
                Num {
                    abstract_id: abs.to_owned(),
                    overrides,
                },
            );
        }
        // A list that only links to a numbering style takes the levels of
        // the list that style names.
        for (abs, link) in links {
            let target = styles
                .styles
                .get(&link)
                .and_then(|s| s.num_id.as_ref())
                .and_then(|id| n.nums.get(id))
                .map(|num| num.abstract_id.clone());
            if let Some(t) = target
                && t != abs
                && let Some(levels) = n.abstracts.get(&t).cloned()
            {
                n.abstracts.insert(abs, levels);
            }
        }
        n
    }

    /// The label of the next item of list `num_id` at `ilvl`, counting it.
    /// None: no label (number format `none`, or `numId` 0, which turns a
    /// style's list off). A list whose definition is missing is a bullet list.
    fn label(&mut self, num_id: &str, ilvl: u8) -> Option<Label> {
        if num_id == "0" {
            return None;
        }
        let ilvl = ilvl.min(8);
        let Some(num) = self.nums.get(num_id) else {
            return Some(Label::Bullet);
        };
        let levels = self.abstracts.get(&num.abstract_id);
        let level_of = |l: u8| -> Option<Level> {
            num.overrides
                .get(&l)
                .and_then(|(_, d)| d.clone())
                .or_else(|| levels.and_then(|ls| ls.get(&l)).cloned())
        };
        let Some(level) = level_of(ilvl) else {
            return Some(Label::Bullet);
        };
        if level.format == "bullet" {
            return Some(Label::Bullet);
        }
        if level.format == "none" || level.text.trim().is_empty() {
            return None;
        }
        let counters = self
            .counters
            .entry(num.abstract_id.clone())
            .or_insert([None; 9]);
        if self.used.insert(num_id.to_owned()) {
            for (&l, (start, _)) in &num.overrides {
                if let (Some(s), Some(c)) = (start, counters.get_mut(l as usize)) {
                    *c = Some(s - 1);
                }
            }
        }
        let i = ilvl as usize;
        counters[i] = Some(counters[i].map_or(level.start, |v| v + 1));
        for c in counters.iter_mut().skip(i + 1) {
            *c = None;
        }
        let mut text = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let l = (d - 1) as u8;
                let def = level_of(l).unwrap_or_default();
                let value = counters[l as usize].unwrap_or(def.start);
                let format = if l == ilvl {
                    &level.format
                } else {
                    &def.format
                };
                text.push_str(&format_number(value, format));
            } else {
                text.push(c);
            }
        }
        Some(Label::Number(text))
    }
}

/// Where text of a paragraph goes: its own lines, a heading's single line,
/// or a table cell's part of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Heading,
    Cell,
}

/// A complex field being read: before `separate` its instruction (left out),
/// after it its result (kept).
struct Field {
    in_result: bool,
}

struct Reader<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    out: Writer,
    fields: Vec<Field>,
    tables: usize,
    /// Whether each section starts on a new page, in order.
    sections: Vec<bool>,
    /// Sections ended so far.
    section: usize,
    /// A paragraph whose mark was deleted: its text joins the next paragraph.
    carry: Option<Inline>,
}

impl Reader<'_> {
    fn visible(&self) -> bool {
        self.fields.iter().all(|f| f.in_result)
    }

    /// Block content: paragraphs, tables, content controls.
    fn blocks(&mut self, el: &Element) {
        for e in el.elements() {
            match (e.ns, e.name.as_str()) {
                (Some(Ns::W), "p") => self.paragraph(e),
                (Some(Ns::W), "tbl") => {
                    self.flush_carry();
                    self.table(e);
                }
                (Some(Ns::W), "sdt") => {
                    if let Some(c) = e.child(Ns::W, "sdtContent") {
                        self.blocks(c);
                    }
                }
                (Some(Ns::W), "customXml" | "sdtContent" | "ins" | "moveTo") => self.blocks(e),
                (Some(Ns::Mc), "AlternateContent") => {
                    if let Some(c) = choice(e) {
                        self.blocks(c);
                    }
                }
                _ => {}
            }
        }
    }

    fn flush_carry(&mut self) {
        if let Some(c) = self.carry.take() {
            self.out.block(BlockKind::Paragraph, "", c);
        }
    }

    fn paragraph(&mut self, p: &Element) {
        let ppr = p.child(Ns::W, "pPr");
        let style = ppr.and_then(|x| x.child_val(Ns::W, "pStyle"));
        let resolved = self.styles.resolve(style);
        let direct_num = ppr.and_then(|x| x.child(Ns::W, "numPr"));
        let num_id = direct_num
            .and_then(|n| n.child_val(Ns::W, "numId"))
            .map(str::to_owned)
            .or(resolved.num_id.clone());
        let ilvl = direct_num
            .and_then(|n| n.child_val(Ns::W, "ilvl"))
            .and_then(|v| v.parse().ok())
            .or(resolved.ilvl)
            .unwrap_or(0u8);
        let heading = resolved.heading
            || ppr
                .and_then(|x| x.child_val(Ns::W, "outlineLvl"))
                .and_then(|v| v.parse::<u8>().ok())
                .is_some_and(|o| o < 9);
        let page_break_before = on(ppr.and_then(|x| x.child(Ns::W, "pageBreakBefore")))
            .unwrap_or(resolved.page_break_before);
        let mark_deleted = ppr.and_then(|x| x.child(Ns::W, "rPr")).is_some_and(|r| {
            r.child(Ns::W, "del").is_some() || r.child(Ns::W, "moveFrom").is_some()
        });

        let mode = if heading { Mode::Heading } else { Mode::Body };
        let mut inline = self.carry.take().unwrap_or_default();
        if page_break_before {
            inline.page_break();
        }
        let mut boxes = Vec::new();
        self.inline(p, mode, &mut inline, &mut boxes);
        let section_break = ppr.and_then(|x| x.child(Ns::W, "sectPr")).is_some();

        if mark_deleted && !section_break {
            // Accepting the deletion of a paragraph mark joins this
            // paragraph to the next.
            self.carry = Some(inline);
        } else {
            let has_text = !inline.text.trim().is_empty();
            let label = match &num_id {
                Some(id) if has_text => self.numbering.label(id, ilvl),
                _ => None,
            };
            match label {
                Some(Label::Bullet) if !heading => self.out.block(
                    BlockKind::ListItem,
                    &list_prefix(ilvl as usize, "-"),
                    inline,
                ),
                Some(Label::Number(n)) if !heading => {
                    self.out
                        .block(BlockKind::ListItem, &list_prefix(ilvl as usize, &n), inline)
                }
                Some(Label::Number(n)) => {
                    self.out
                        .block(BlockKind::Paragraph, &heading_number(&n), inline)
                }
                _ => self.out.block(BlockKind::Paragraph, "", inline),
            }
        }
        for b in boxes {
            self.flush_carry();
            self.blocks(b);
        }
        if section_break {
            let next = self.sections.get(self.section + 1).copied().unwrap_or(true);
            self.section += 1;
            if next {
                self.out.page_break();
            }
        }
    }

    /// Inline content of a paragraph (or of a run container inside it).
    fn inline<'e>(
        &mut self,
        el: &'e Element,
        mode: Mode,
        out: &mut Inline,
        boxes: &mut Vec<&'e Element>,
    ) {
        for e in el.elements() {
            match (e.ns, e.name.as_str()) {
                (Some(Ns::W), "r") => self.run(e, mode, out, boxes),
                (
                    Some(Ns::W),
                    "hyperlink" | "smartTag" | "customXml" | "ins" | "moveTo" | "fldSimple" | "dir"
                    | "bdo" | "sdtContent",
                ) => self.inline(e, mode, out, boxes),
                (Some(Ns::W), "sdt") => {
                    if let Some(c) = e.child(Ns::W, "sdtContent") {
                        self.inline(c, mode, out, boxes);
                    }
                }
                (Some(Ns::Mc), "AlternateContent") => {
                    if let Some(c) = choice(e) {
                        self.inline(c, mode, out, boxes);
                    }
                }
                // w:del, w:moveFrom, w:pPr, bookmarks, comment ranges,
                // proofing marks, math: nothing to read.
                _ => {}
            }
        }
    }

    fn run<'e>(
        &mut self,
        r: &'e Element,
        mode: Mode,
        out: &mut Inline,
        boxes: &mut Vec<&'e Element>,
    ) {
        let hidden =
            on(r.child(Ns::W, "rPr").and_then(|p| p.child(Ns::W, "vanish"))).unwrap_or(false);
        let line_break = if mode == Mode::Body { '\n' } else { ' ' };
        for e in r.elements() {
            if e.ns == Some(Ns::Mc) && e.name == "AlternateContent" {
                if let Some(c) = choice(e) {
                    self.run(c, mode, out, boxes);
                }
                continue;
            }
            if e.ns != Some(Ns::W) {
                continue;
            }
            match e.name.as_str() {
                "fldChar" => match e.attr(Ns::W, "fldCharType") {
                    Some("begin") => self.fields.push(Field { in_result: false }),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.in_result = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                "lastRenderedPageBreak" => out.page_break(),
                "br" if e.attr(Ns::W, "type") == Some("page") => out.page_break(),
                _ if hidden || !self.visible() => {}
                "t" => {
                    for c in &e.children {
                        if let Node::Text(t) = c {
                            if mode == Mode::Body {
                                out.push(t);
                            } else {
                                out.push(&t.replace(['\t', '\n'], " "));
                            }
                        }
                    }
                }
                "tab" | "ptab" => out.push_char(if mode == Mode::Body { '\t' } else { ' ' }),
                "br" | "cr" => out.push_char(line_break),
                "noBreakHyphen" => out.push_char('-'),
                "sym" => {
                    if let Some(c) = e
                        .attr(Ns::W, "char")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        out.push_char(c);
                    }
                }
                "drawing" | "pict" => text_boxes(e, boxes),
                // softHyphen, delText, instrText, footnote/endnote/comment
                // references, rPr: nothing to read.
                _ => {}
            }
        }
    }

    fn table(&mut self, tbl: &Element) {
        let grid = tbl.child(Ns::W, "tblGrid").map_or(0, |g| {
            g.elements().filter(|e| e.is(Ns::W, "gridCol")).count()
        });
        let rows = table_rows(tbl);
        let widest = rows
            .iter()
            .map(|r| cells(r).iter().map(|c| span(c)).sum::<usize>())
            .max()
            .unwrap_or(0);
        if grid.max(widest) <= 1 {
            // A one-column table frames text (a box around a section): its
            // content is read as paragraphs, lists and tables.
            for row in rows {
                for cell in cells(row) {
                    self.blocks(cell);
                    self.flush_carry();
                }
            }
            return;
        }
        self.tables += 1;
        let id = self.tables;
        for row in rows {
            let trpr = row.child(Ns::W, "trPr");
            if trpr.is_some_and(|t| t.child(Ns::W, "del").is_some()) {
                continue;
            }
            let grid_val = |name: &str| {
                trpr.and_then(|t| t.child_val(Ns::W, name))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0)
                    .min(MAX_SPAN)
            };
            let mut line = Inline::default();
            let mut page = false;
            let mut columns = 0;
            for _ in 0..grid_val("gridBefore") {
                if columns > 0 {
                    line.push_char('\t');
                }
                columns += 1;
            }
            for cell in cells(row) {
                let tcpr = cell.child(Ns::W, "tcPr");
                if tcpr.is_some_and(|t| t.child(Ns::W, "cellDel").is_some()) {
                    continue;
                }
                let continued = tcpr
                    .and_then(|t| t.child(Ns::W, "vMerge"))
                    .is_some_and(|v| v.attr(Ns::W, "val") != Some("restart"));
                let (text, broke) = self.cell_text(cell);
                page |= broke;
                if columns > 0 {
                    line.push_char('\t');
                }
                if !continued {
                    line.push(&text);
                }
                columns += 1;
                for _ in 1..span(cell) {
                    line.push_char('\t');
                    columns += 1;
                }
            }
            for _ in 0..grid_val("gridAfter") {
                line.push_char('\t');
            }
            if page {
                self.out.page_break();
            }
            if line.text.trim().is_empty() {
                continue;
            }
            self.out.block(BlockKind::Row(id), "", line);
        }
    }

    /// A cell's text on one line, and whether a page break fell inside it.
    fn cell_text(&mut self, cell: &Element) -> (String, bool) {
        let mut parts: Vec<String> = Vec::new();
        let mut broke = false;
        self.cell_parts(cell, &mut parts, &mut broke);
        (parts.join(" "), broke)
    }

    fn cell_parts(&mut self, el: &Element, parts: &mut Vec<String>, broke: &mut bool) {
        for e in el.elements() {
            match (e.ns, e.name.as_str()) {
                (Some(Ns::W), "p") => {
                    let mut inline = Inline::default();
                    let mut boxes = Vec::new();
                    self.inline(e, Mode::Cell, &mut inline, &mut boxes);
                    *broke |= !inline.breaks.is_empty();
                    let t = inline.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !t.is_empty() {
                        let ppr = e.child(Ns::W, "pPr");
                        let resolved = self
                            .styles
                            .resolve(ppr.and_then(|x| x.child_val(Ns::W, "pStyle")));
                        let num = ppr.and_then(|x| x.child(Ns::W, "numPr"));
                        let num_id = num
                            .and_then(|n| n.child_val(Ns::W, "numId"))
                            .map(str::to_owned)
                            .or(resolved.num_id);
                        let ilvl = num
                            .and_then(|n| n.child_val(Ns::W, "ilvl"))
                            .and_then(|v| v.parse().ok())
                            .or(resolved.ilvl)
                            .unwrap_or(0);
                        // A number means something in a cell; a bullet glyph does not.
                        match num_id.and_then(|id| self.numbering.label(&id, ilvl)) {
                            Some(Label::Number(n)) => parts.push(format!("{n} {t}")),
                            _ => parts.push(t),
                        }
                    }
                    for b in boxes {
                        self.cell_parts(b, parts, broke);
                    }
                }
                (Some(Ns::W), "tbl") => {
                    for row in table_rows(e) {
                        for c in cells(row) {
                            self.cell_parts(c, parts, broke);
                        }
                    }
                }
                (Some(Ns::W), "sdt") => {
                    if let Some(c) = e.child(Ns::W, "sdtContent") {
                        self.cell_parts(c, parts, broke);
                    }
                }
                (Some(Ns::W), "customXml" | "sdtContent") => self.cell_parts(e, parts, broke),
                _ => {}
            }
        }
    }
}

/// A heading's number as its prefix: "1.2 ", and "1." as "1 " — the way
/// numbered headings are written in text, where "1." would read as a list item.
fn heading_number(label: &str) -> String {
    let l = label.trim();
    let bare = l
        .strip_suffix('.')
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit() || c == '.'));
    format!("{} ", bare.unwrap_or(l))
}

/// The branch of `mc:AlternateContent` to read: the first choice (what Word
/// itself shows), else the fallback.
fn choice(alt: &Element) -> Option<&Element> {
    alt.child(Ns::Mc, "Choice")
        .or_else(|| alt.child(Ns::Mc, "Fallback"))
}

/// The text boxes (`w:txbxContent`) inside a drawing, reading only one branch
/// of any `mc:AlternateContent` so a box is not read twice.
fn text_boxes<'e>(el: &'e Element, out: &mut Vec<&'e Element>) {
    for e in el.elements() {
        if e.is(Ns::W, "txbxContent") {
            out.push(e);
        } else if e.is(Ns::Mc, "AlternateContent") {
            if let Some(c) = choice(e) {
                text_boxes(c, out);
            }
        } else {
            text_boxes(e, out);
        }
    }
}

/// The rows of a table, through content controls and custom XML.
fn table_rows(tbl: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    fn walk<'e>(el: &'e Element, out: &mut Vec<&'e Element>) {
        for e in el.elements() {
            match (e.ns, e.name.as_str()) {
                (Some(Ns::W), "tr") => out.push(e),
                (Some(Ns::W), "sdt" | "sdtContent" | "customXml") => walk(e, out),
                _ => {}
            }
        }
    }
    walk(tbl, &mut out);
    out
}

/// The cells of a row, through content controls and custom XML.
fn cells(row: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    fn walk<'e>(el: &'e Element, out: &mut Vec<&'e Element>) {
        for e in el.elements() {
            match (e.ns, e.name.as_str()) {
                (Some(Ns::W), "tc") => out.push(e),
                (Some(Ns::W), "sdt" | "sdtContent" | "customXml") => walk(e, out),
                _ => {}
            }
        }
    }
    walk(row, &mut out);
    out
}

/// How many grid columns a cell covers (`w:gridSpan`), capped.
fn span(cell: &Element) -> usize {
    cell.child(Ns::W, "tcPr")
        .and_then(|t| t.child_val(Ns::W, "gridSpan"))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

#[cfg(test)]
mod tests {
    use super::super::xml;
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    /// The text of a body, with optional styles and numbering parts; pages
    /// joined by form feeds.
    fn read_with(body: &str, styles: &str, numbering: &str) -> String {
        let doc =
            xml::parse(format!("<w:document {W}><w:body>{body}</w:body></w:document>").as_bytes())
                .expect("document parses");
        let styles = if styles.is_empty() {
            Styles::default()
        } else {
            Styles::load(
                &xml::parse(format!("<w:styles {W}>{styles}</w:styles>").as_bytes())
                    .expect("styles"),
            )
        };
        let numbering = if numbering.is_empty() {
            Numbering::default()
        } else {
            Numbering::load(
                &xml::parse(format!("<w:numbering {W}>{numbering}</w:numbering>").as_bytes())
                    .expect("numbering"),
                &styles,
            )
        };
        let body = doc.child(Ns::W, "body").expect("body");
        text_of(body, &styles, numbering).join("\u{c}")
    }

    fn read(body: &str) -> String {
        read_with(body, "", "")
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn paragraphs_are_lines_with_blank_lines_between() {
        assert_eq!(read(&(p("Ett.") + &p("") + &p("Två."))), "Ett.\n\nTvå.");
        // A line break inside a paragraph is a line of the same paragraph.
        assert_eq!(
            read("<w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:p>"),
            "a\nb"
        );
    }

    #[test]
    fn tracked_changes_are_read_as_accepted() {
        let body = "<w:p><w:r><w:t xml:space=\"preserve\">Förvaltningen ska </w:t></w:r>\
            <w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t xml:space=\"preserve\">stärka </w:t></w:r></w:ins>\
            <w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText xml:space=\"preserve\">försvaga </w:delText></w:r></w:del>\
            <w:moveFrom w:id=\"3\"><w:r><w:t>flyttat</w:t></w:r></w:moveFrom>\
            <w:r><w:t>stödet.</w:t></w:r></w:p>";
        assert_eq!(read(body), "Förvaltningen ska stärka stödet.");
        // A deleted paragraph mark joins the paragraph to the next.
        let joined = "<w:p><w:pPr><w:rPr><w:del w:id=\"4\"/></w:rPr></w:pPr><w:r><w:t xml:space=\"preserve\">Ett </w:t></w:r></w:p>"
            .to_owned()
            + &p("stycke.");
        assert_eq!(read(&joined), "Ett stycke.");
    }

    #[test]
    fn fields_keep_their_result_not_their_instruction() {
        let body = "<w:p><w:r><w:t xml:space=\"preserve\">Perioden </w:t></w:r>\
            <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
            <w:r><w:instrText xml:space=\"preserve\"> DOCVARIABLE period </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
            <w:r><w:t>2022–2026</w:t></w:r>\
            <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
            <w:r><w:t xml:space=\"preserve\"> gäller.</w:t></w:r>\
            <w:fldSimple w:instr=\" PAGE \"><w:r><w:t xml:space=\"preserve\"> (s. 3)</w:t></w:r></w:fldSimple>\
            <w:r><w:footnoteReference w:id=\"1\"/><w:commentReference w:id=\"0\"/></w:r></w:p>";
        assert_eq!(read(body), "Perioden 2022–2026 gäller. (s. 3)");
    }

    #[test]
    fn hyphens_tabs_and_symbols() {
        let body = "<w:p><w:r><w:t>våldsföre</w:t><w:softHyphen/><w:t>byggande HR</w:t><w:noBreakHyphen/><w:t>avdelningen</w:t></w:r></w:p>\
            <w:p><w:r><w:tab/><w:t>Inledning</w:t><w:tab/><w:t>3</w:t></w:r></w:p>\
            <w:p><w:r><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:tab/><w:t>Punkt</w:t></w:r></w:p>\
            <w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>dold</w:t></w:r></w:p>";
        assert_eq!(
            read(body),
            "våldsförebyggande HR-avdelningen\n\nInledning\t3\n\n\u{f0b7}\tPunkt"
        );
    }

    #[test]
    fn headings_are_single_lines_with_their_number() {
        let styles = "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
            <w:style w:type=\"paragraph\" w:styleId=\"Rubrik1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:numPr><w:numId w:val=\"7\"/></w:numPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>\
            <w:style w:type=\"paragraph\" w:styleId=\"Mal\"><w:name w:val=\"Mål\"/><w:basedOn w:val=\"Rubrik1\"/></w:style>";
        let numbering = "<w:abstractNum w:abstractNumId=\"3\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum>\
            <w:num w:numId=\"7\"><w:abstractNumId w:val=\"3\"/></w:num>";
        let body = "<w:p><w:pPr><w:pStyle w:val=\"Rubrik1\"/></w:pPr><w:r><w:t>Inledning</w:t></w:r></w:p>\
            <w:p><w:pPr><w:pStyle w:val=\"Mal\"/></w:pPr><w:r><w:t>Inriktningsmål 1 -</w:t><w:br/><w:t>Staden</w:t></w:r></w:p>";
        assert_eq!(
            read_with(body, styles, numbering),
            "1 Inledning\n\n2 Inriktningsmål 1 - Staden"
        );
    }

    #[test]
    fn numbering_levels_bullets_and_numbers() {
        let numbering = "<w:abstractNum w:abstractNumId=\"0\">\
              <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>\
              <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl>\
              <w:lvl w:ilvl=\"2\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{f0a7}\"/></w:lvl>\
            </w:abstractNum>\
            <w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{f0b7}\"/></w:lvl></w:abstractNum>\
            <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>\
            <w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>\
            <w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>";
        let item = |num: u32, lvl: u32, t: &str| {
            format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"
            )
        };
        let body = [
            p("Genom att:"),
            item(1, 0, "Stärka"),
            item(1, 1, "barn"),
            item(1, 1, "unga"),
            item(1, 2, "punkt"),
            item(1, 0, "Utmana"),
            item(2, 0, "Punkt"),
            item(3, 0, "Igen"),
            item(9, 0, "Okänd lista"),
            item(0, 0, "Ingen lista"),
        ]
        .concat();
        assert_eq!(
            read_with(&body, "", numbering),
            "Genom att:\n\n1. Stärka\n  a) barn\n  b) unga\n    - punkt\n2. Utmana\n- Punkt\n1. Igen\n- Okänd lista\n\nIngen lista"
        );
    }

    #[test]
    fn list_styles_number_paragraphs_without_direct_numbering() {
        let styles = "<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>";
        let numbering = "<w:abstractNum w:abstractNumId=\"4\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"4\"/></w:num>";
        let body = "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/></w:pPr><w:r><w:t>Förvaltningen ska</w:t></w:r></w:p>";
        assert_eq!(read_with(body, styles, numbering), "- Förvaltningen ska");
    }

    fn cell(props: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    #[test]
    fn tables_are_rows_of_tab_separated_cells_merged_cells_once() {
        let grid = "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>";
        let body = format!(
            "<w:tbl>{grid}<w:tr>{}{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr><w:trPr><w:del w:id=\"9\"/></w:trPr>{}{}{}</w:tr></w:tbl>{}",
            cell("", "Pågående arbete"),
            cell("", "Aktiviteter under utveckling"),
            cell("", "Behov av insatser"),
            cell("<w:gridSpan w:val=\"2\"/>", "Basutbildning"),
            cell("", ""),
            cell("", "VIP kurs"),
            cell("<w:vMerge w:val=\"restart\"/>", "Utvärdering"),
            cell("", ""),
            cell("", "Kurs"),
            cell("<w:vMerge/>", "Utvärdering igen"),
            cell("", "Behov"),
            cell("", "raderad"),
            cell("", ""),
            cell("", ""),
            p("Efter tabellen.")
        );
        assert_eq!(
            read(&body),
            "Pågående arbete\tAktiviteter under utveckling\tBehov av insatser\n\
             Basutbildning\t\t\n\
             VIP kurs\tUtvärdering\t\n\
             Kurs\t\tBehov\n\nEfter tabellen."
        );
    }

    #[test]
    fn a_cell_is_one_line_and_a_one_column_table_is_body_text() {
        let body = format!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>{}{}</w:tc><w:tc><w:p><w:r><w:t>x</w:t><w:br/><w:t>y</w:t><w:tab/><w:t>z</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            p("Workshops"),
            p("-inspirationsträff"),
            p("Ram ett."),
            p("Ram två."),
        );
        assert_eq!(
            read(&body),
            "Workshops -inspirationsträff\tx y z\n\nRam ett.\n\nRam två."
        );
    }

    #[test]
    fn text_boxes_are_read_once_after_their_paragraph() {
        let bx = |t: &str| format!("<w:txbxContent>{}</w:txbxContent>", p(t));
        let body = format!(
            "<w:p><w:r><w:t>Ankare.</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:txbx>{}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v=\"urn:schemas-microsoft-com:vml\">{}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>{}",
            bx("I rutan."),
            bx("I rutan."),
            p("Sedan.")
        );
        assert_eq!(read(&body), "Ankare.\n\nI rutan.\n\nSedan.");
    }

    #[test]
    fn pages_break_where_the_document_says() {
        let body = [
            p("Ett."),
            "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>".to_owned(),
            "<w:p><w:r><w:lastRenderedPageBreak/><w:t>Två.</w:t></w:r></w:p>".to_owned(),
            "<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>Tre</w:t></w:r><w:r><w:lastRenderedPageBreak/><w:t xml:space=\"preserve\"> fyra.</w:t></w:r></w:p>".to_owned(),
            "<w:p><w:pPr><w:sectPr><w:type w:val=\"nextPage\"/></w:sectPr></w:pPr><w:r><w:t>Fem.</w:t></w:r></w:p>".to_owned(),
            p("Sex."),
            "<w:sectPr/>".to_owned(),
        ]
        .concat();
        assert_eq!(
            read(&body),
            "Ett.\n\u{c}Två.\n\u{c}Tre\u{c} fyra.\n\nFem.\n\u{c}Sex."
        );
        let continuous = "<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>A.</w:t></w:r></w:p><w:p><w:r><w:t>B.</w:t></w:r></w:p><w:sectPr><w:type w:val=\"continuous\"/></w:sectPr>";
        assert_eq!(read(continuous), "A.\n\nB.");
    }

    #[test]
    fn relationship_targets_resolve_against_the_part() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word", "../customXml/x.xml"), "customXml/x.xml");
        assert_eq!(resolve("word", "/word/numbering.xml"), "word/numbering.xml");
    }
}
