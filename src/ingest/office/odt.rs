//! OpenDocument text (.odt, what LibreOffice writes): `content.xml` walked in
//! reading order, with the paragraph and list styles of `content.xml` and
//! `styles.xml` to know headings, lists and page breaks.
//!
//! Tracked changes are read as accepted: insertions stand in the text, and the
//! deleted text, kept apart in `text:tracked-changes`, is not read. Comments
//! (`office:annotation`), footnotes (`text:note`) and hidden text are left
//! out; frames and shapes with text are read after their paragraph.

use super::xml::{Element, Node, Ns};
use super::{BlockKind, Inline, MAX_SPAN, Writer, Zip, format_number, list_prefix};
use crate::ingest::IngestError;
use std::collections::HashMap;

/// Most table columns a row is read with (repeated cells are capped).
const MAX_COLUMNS: usize = 256;

pub fn read(zip: &mut Zip<'_>) -> Result<Vec<String>, IngestError> {
    if let Some(manifest) = zip.read("META-INF/manifest.xml")?
        && String::from_utf8_lossy(&manifest).contains("encryption-data")
    {
        return Err(IngestError::EncryptedOdt);
    }
    let content = zip
        .xml("content.xml")?
        .ok_or_else(|| IngestError::BrokenDocument("OpenDocument", "content.xml saknas".into()))?;
    let mut styles = Styles::default();
    if let Some(s) = zip.xml("styles.xml")? {
        for part in ["styles", "automatic-styles"] {
            if let Some(x) = s.child(Ns::Office, part) {
                styles.load(x);
            }
        }
    }
    if let Some(x) = content.child(Ns::Office, "automatic-styles") {
        styles.load(x);
    }
    let text = content
        .child(Ns::Office, "body")
        .and_then(|b| b.child(Ns::Office, "text"))
        .ok_or_else(|| {
            IngestError::BrokenDocument("OpenDocument", "dokumentet saknar office:text".into())
        })?;
    Ok(text_of(text, &styles))
}

fn text_of(text: &Element, styles: &Styles) -> Vec<String> {
    let mut r = Reader {
        styles,
        out: Writer::default(),
        tables: 0,
        continued: HashMap::new(),
    };
    r.blocks(text);
    r.out.finish()
}

#[derive(Debug, Default, Clone)]
struct ParaStyle {
    parent: Option<String>,
    break_before: bool,
    break_after: bool,
    outline: Option<u8>,
    list_style: Option<String>,
}

#[derive(Debug, Clone)]
enum ListLevel {
    Bullet,
    Number {
        format: String,
        prefix: String,
        suffix: String,
        start: i64,
        display: usize,
    },
}

#[derive(Debug, Default)]
struct Styles {
    paragraph: HashMap<String, ParaStyle>,
    lists: HashMap<String, HashMap<usize, ListLevel>>,
}

impl Styles {
    fn load(&mut self, el: &Element) {
        for s in el.elements() {
            if s.is(Ns::Style, "style") && s.attr(Ns::Style, "family") == Some("paragraph") {
                let Some(name) = s.attr(Ns::Style, "name") else {
                    continue;
                };
                let props = s.child(Ns::Style, "paragraph-properties");
                let fo = |k: &str| props.and_then(|p| p.attr(Ns::Fo, k));
                self.paragraph.insert(
                    name.to_owned(),
                    ParaStyle {
                        parent: s.attr(Ns::Style, "parent-style-name").map(str::to_owned),
                        break_before: fo("break-before") == Some("page")
                            || s.attr(Ns::Style, "master-page-name")
                                .is_some_and(|m| !m.is_empty()),
                        break_after: fo("break-after") == Some("page"),
                        outline: s
                            .attr(Ns::Style, "default-outline-level")
                            .and_then(|v| v.parse().ok()),
                        list_style: s.attr(Ns::Style, "list-style-name").map(str::to_owned),
                    },
                );
            } else if s.is(Ns::Text, "list-style") {
                let Some(name) = s.attr(Ns::Style, "name") else {
                    continue;
                };
                let mut levels = HashMap::new();
                for l in s.elements() {
                    let Some(level) = l
                        .attr(Ns::Text, "level")
                        .and_then(|v| v.parse::<usize>().ok())
                    else {
                        continue;
                    };
                    let def = if l.is(Ns::Text, "list-level-style-number") {
                        ListLevel::Number {
                            format: l.attr(Ns::Style, "num-format").unwrap_or("1").to_owned(),
                            prefix: l.attr(Ns::Style, "num-prefix").unwrap_or("").to_owned(),
                            suffix: l.attr(Ns::Style, "num-suffix").unwrap_or("").to_owned(),
                            start: l
                                .attr(Ns::Text, "start-value")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1),
                            display: l
                                .attr(Ns::Text, "display-levels")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1),
                        }
                    } else {
                        ListLevel::Bullet
                    };
                    levels.insert(level, def);
                }
                self.lists.insert(name.to_owned(), levels);
            }
        }
    }

    /// A paragraph style and the styles it inherits from (at most 16).
    fn chain(&self, name: Option<&str>) -> Vec<&ParaStyle> {
        let mut out: Vec<&ParaStyle> = Vec::new();
        let mut next = name;
        while let Some(n) = next {
            let Some(s) = self.paragraph.get(n) else {
                break;
            };
            if out.len() >= 16 || out.iter().any(|o| std::ptr::eq(*o, s)) {
                break;
            }
            out.push(s);
            next = s.parent.as_deref();
        }
        out
    }
}

/// A list being read: its style and the current number of each level.
struct List {
    style: Option<String>,
    counters: [Option<i64>; 10],
}

struct Reader<'s> {
    styles: &'s Styles,
    out: Writer,
    tables: usize,
    /// The counters a list of each style ended with, for a list that
    /// continues the numbering.
    continued: HashMap<String, [Option<i64>; 10]>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Heading,
    Cell,
}

fn hidden(e: &Element) -> bool {
    e.attr(Ns::Text, "is-hidden") == Some("true")
}

impl Reader<'_> {
    fn blocks(&mut self, el: &Element) {
        for e in el.elements() {
            match (e.ns, e.name.as_str()) {
                (Some(Ns::Text), "p") => self.paragraph(e, false, None),
                (Some(Ns::Text), "h") => self.paragraph(e, true, None),
                (Some(Ns::Text), "list") => {
                    let mut list = self.open_list(e, None);
                    self.list(e, 0, &mut list);
                    if let Some(s) = &list.style {
                        self.continued.insert(s.clone(), list.counters);
                    }
                }
                (Some(Ns::Table), "table") => self.table(e),
                (Some(Ns::Text), "soft-page-break") => self.out.page_break(),
                (Some(Ns::Text), "tracked-changes" | "sequence-decls" | "variable-decls")
                | (Some(Ns::Text), "user-field-decls" | "table-of-content-source") => {}
                (Some(Ns::Text), "hidden-paragraph") if hidden(e) => {}
                (Some(Ns::Text), "numbered-paragraph") => self.paragraph_in(e),
                (
                    Some(Ns::Text),
                    "section" | "index-body" | "index-title" | "table-of-content"
                    | "illustration-index" | "table-index" | "object-index" | "user-index"
                    | "alphabetical-index" | "bibliography",
                ) => self.blocks(e),
                (Some(Ns::Draw), _) => {
                    let mut boxes = Vec::new();
                    frames(e, &mut boxes);
                    for b in boxes {
                        self.blocks(b);
                    }
                }
                _ => {}
            }
        }
    }

    /// `text:numbered-paragraph`: a paragraph with its list level.
    fn paragraph_in(&mut self, e: &Element) {
        let level = e
            .attr(Ns::Text, "level")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1)
            .saturating_sub(1);
        for p in e.elements() {
            if p.is(Ns::Text, "p") || p.is(Ns::Text, "h") {
                self.paragraph(p, p.name == "h", Some(list_prefix(level, "-")));
            }
        }
    }

    fn open_list(&self, e: &Element, outer: Option<&List>) -> List {
        let style = e
            .attr(Ns::Text, "style-name")
            .map(str::to_owned)
            .or_else(|| outer.and_then(|o| o.style.clone()));
        let counters = match (&style, outer) {
            (_, Some(o)) => o.counters,
            (Some(s), None) if e.attr(Ns::Text, "continue-numbering") == Some("true") => {
                self.continued.get(s).copied().unwrap_or([None; 10])
            }
            _ => [None; 10],
        };
        List { style, counters }
    }

    /// A list's items at `level` (0 = outermost).
    fn list(&mut self, el: &Element, level: usize, list: &mut List) {
        for item in el.elements() {
            let header = item.is(Ns::Text, "list-header");
            if !header && !item.is(Ns::Text, "list-item") {
                continue;
            }
            let mut labelled = false;
            for e in item.elements() {
                match (e.ns, e.name.as_str()) {
                    (Some(Ns::Text), "p" | "h") => {
                        let prefix = if header || labelled {
                            // A list header, or an item's second paragraph: no label.
                            "  ".repeat(level.min(8) + 1)
                        } else {
                            labelled = true;
                            let start = item
                                .attr(Ns::Text, "start-value")
                                .and_then(|v| v.parse().ok());
                            let para_list = self
                                .styles
                                .chain(e.attr(Ns::Text, "style-name"))
                                .iter()
                                .find_map(|s| s.list_style.clone());
                            self.label(list, para_list.as_deref(), level, start)
                        };
                        self.paragraph(e, false, Some(prefix));
                    }
                    (Some(Ns::Text), "list") => {
                        let mut inner = self.open_list(e, Some(list));
                        self.list(e, level + 1, &mut inner);
                        list.counters = inner.counters;
                    }
                    (Some(Ns::Text), "soft-page-break") => self.out.page_break(),
                    (Some(Ns::Table), "table") => self.table(e),
                    _ => {}
                }
            }
        }
    }

    /// The prefix of a list item: indentation and its bullet or number.
    fn label(
        &self,
        list: &mut List,
        para_list: Option<&str>,
        level: usize,
        start: Option<i64>,
    ) -> String {
        let level = level.min(9);
        let def = list
            .style
            .as_deref()
            .or(para_list)
            .and_then(|s| self.styles.lists.get(s))
            .and_then(|l| l.get(&(level + 1)))
            .cloned()
            .unwrap_or(ListLevel::Bullet);
        match def {
            ListLevel::Bullet => list_prefix(level, "-"),
            ListLevel::Number {
                format,
                prefix,
                suffix,
                start: first,
                display,
            } => {
                let value = start.unwrap_or(list.counters[level].map_or(first, |v| v + 1));
                list.counters[level] = Some(value);
                for c in list.counters.iter_mut().skip(level + 1) {
                    *c = None;
                }
                if format.is_empty() {
                    return "  ".repeat(level.min(8) + 1);
                }
                let from = (level + 1).saturating_sub(display.max(1));
                let digits: Vec<String> = (from..=level)
                    .map(|l| format_number(list.counters[l].unwrap_or(1), &format))
                    .collect();
                list_prefix(level, &format!("{prefix}{}{suffix}", digits.join(".")))
            }
        }
    }

    /// A paragraph or heading; `prefix` makes it a list item.
    fn paragraph(&mut self, p: &Element, heading: bool, prefix: Option<String>) {
        let chain = self.styles.chain(p.attr(Ns::Text, "style-name"));
        let heading = heading || chain.iter().any(|s| s.outline.is_some_and(|o| o > 0));
        let mode = if heading { Mode::Heading } else { Mode::Body };
        let mut inline = Inline::default();
        if chain.iter().any(|s| s.break_before) {
            inline.page_break();
        }
        let mut boxes = Vec::new();
        self.inline(p, mode, &mut inline, &mut boxes);
        let number = if heading {
            p.child(Ns::Text, "number").map(|n| n.text())
        } else {
            None
        };
        match (prefix, number) {
            (Some(pre), _) if !heading => self.out.block(BlockKind::ListItem, &pre, inline),
            (_, Some(n)) if !n.trim().is_empty() => {
                self.out
                    .block(BlockKind::Paragraph, &format!("{} ", n.trim()), inline)
            }
            _ => self.out.block(BlockKind::Paragraph, "", inline),
        }
        for b in boxes {
            self.blocks(b);
        }
        if chain.iter().any(|s| s.break_after) {
            self.out.page_break();
        }
    }

    fn inline<'e>(
        &mut self,
        el: &'e Element,
        mode: Mode,
        out: &mut Inline,
        boxes: &mut Vec<&'e Element>,
    ) {
        let space = |out: &mut Inline| {
            if !out.text.is_empty() && !out.text.ends_with(' ') {
                out.push_char(' ');
            }
        };
        for c in &el.children {
            let e = match c {
                Node::Text(t) => {
                    // ODF collapses white space in text: each run of spaces,
                    // tabs and line ends is one space.
                    for (i, part) in t.split([' ', '\t', '\n', '\r']).enumerate() {
                        if i > 0 {
                            space(out);
                        }
                        out.push(part);
                    }
                    continue;
                }
                Node::Element(e) => e,
            };
            match (e.ns, e.name.as_str()) {
                (Some(Ns::Text), "s") => {
                    let n = e
                        .attr(Ns::Text, "c")
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(100);
                    out.push(&" ".repeat(n));
                }
                (Some(Ns::Text), "tab") => {
                    out.push_char(if mode == Mode::Body { '\t' } else { ' ' })
                }
                (Some(Ns::Text), "line-break") => {
                    out.push_char(if mode == Mode::Body { '\n' } else { ' ' })
                }
                (Some(Ns::Text), "soft-page-break") => out.page_break(),
                (Some(Ns::Text), "note" | "number" | "tracked-changes") => {}
                (Some(Ns::Text), "hidden-text") if hidden(e) => {}
                (Some(Ns::Text), _) => self.inline(e, mode, out, boxes),
                (Some(Ns::Draw), _) => frames(e, boxes),
                // office:annotation (comments), and anything else: not text.
                _ => {}
            }
        }
    }

    fn table(&mut self, t: &Element) {
        let declared: usize = columns(t);
        let mut rows = Vec::new();
        table_rows(t, &mut rows);
        let widest = rows
            .iter()
            .filter_map(|r| match r {
                RowOrBreak::Row(r) => Some(row_cells(r).len()),
                RowOrBreak::Break => None,
            })
            .max()
            .unwrap_or(0);
        if declared.max(widest) <= 1 {
            for r in rows {
                match r {
                    RowOrBreak::Row(r) => {
                        for c in row_cells(r).into_iter().flatten() {
                            self.blocks(c);
                        }
                    }
                    RowOrBreak::Break => self.out.page_break(),
                }
            }
            return;
        }
        self.tables += 1;
        let id = self.tables;
        for r in rows {
            let row = match r {
                RowOrBreak::Row(r) => r,
                RowOrBreak::Break => {
                    self.out.page_break();
                    continue;
                }
            };
            let repeat = row
                .attr(Ns::Table, "number-rows-repeated")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, MAX_SPAN);
            let mut cells = Vec::new();
            let mut broke = false;
            for c in row_cells(row) {
                cells.push(match c {
                    Some(c) => self.cell_text(c, &mut broke),
                    None => String::new(),
                });
            }
            if broke {
                self.out.page_break();
            }
            let line = cells.join("\t");
            if line.trim().is_empty() {
                continue;
            }
            for _ in 0..repeat {
                self.out.block(
                    BlockKind::Row(id),
                    "",
                    Inline {
                        text: line.clone(),
                        breaks: Vec::new(),
                    },
                );
            }
        }
    }

    fn cell_text(&mut self, cell: &Element, broke: &mut bool) -> String {
        let mut parts = Vec::new();
        self.cell_parts(cell, &mut parts, broke);
        parts.join(" ")
    }

    fn cell_parts(&mut self, el: &Element, parts: &mut Vec<String>, broke: &mut bool) {
        for e in el.elements() {
            match (e.ns, e.name.as_str()) {
                (Some(Ns::Text), "p" | "h") => {
                    let mut inline = Inline::default();
                    let mut boxes = Vec::new();
                    self.inline(e, Mode::Cell, &mut inline, &mut boxes);
                    *broke |= !inline.breaks.is_empty();
                    let t = inline.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !t.is_empty() {
                        parts.push(t);
                    }
                    for b in boxes {
                        self.cell_parts(b, parts, broke);
                    }
                }
                (Some(Ns::Text), "list" | "list-item" | "list-header" | "section")
                | (Some(Ns::Table), "table" | "table-row" | "table-rows" | "table-header-rows")
                | (Some(Ns::Table), "table-row-group" | "table-cell") => {
                    self.cell_parts(e, parts, broke)
                }
                _ => {}
            }
        }
    }
}

/// A table's declared column count.
fn columns(t: &Element) -> usize {
    let mut n = 0usize;
    for e in t.elements() {
        if e.is(Ns::Table, "table-column") {
            n += e
                .attr(Ns::Table, "number-columns-repeated")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .min(MAX_COLUMNS);
        } else if e.is(Ns::Table, "table-columns") || e.is(Ns::Table, "table-column-group") {
            n += columns(e);
        }
    }
    n.min(MAX_COLUMNS)
}

enum RowOrBreak<'e> {
    Row(&'e Element),
    Break,
}

fn table_rows<'e>(el: &'e Element, out: &mut Vec<RowOrBreak<'e>>) {
    for e in el.elements() {
        match (e.ns, e.name.as_str()) {
            (Some(Ns::Table), "table-row") => out.push(RowOrBreak::Row(e)),
            (Some(Ns::Table), "table-header-rows" | "table-rows" | "table-row-group") => {
                table_rows(e, out)
            }
            (Some(Ns::Text), "soft-page-break") => out.push(RowOrBreak::Break),
            _ => {}
        }
    }
}

/// A row's cells in column order; a covered cell (under a merged one) is None.
fn row_cells(row: &Element) -> Vec<Option<&Element>> {
    let mut out = Vec::new();
    for e in row.elements() {
        let covered = e.is(Ns::Table, "covered-table-cell");
        if !covered && !e.is(Ns::Table, "table-cell") {
            continue;
        }
        let repeat = e
            .attr(Ns::Table, "number-columns-repeated")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_SPAN);
        for _ in 0..repeat {
            if out.len() >= MAX_COLUMNS {
                return out;
            }
            out.push(if covered { None } else { Some(e) });
        }
    }
    // The empty cells a repeated cell adds at the end of a row add nothing.
    while out.len() > 1 {
        let (a, b) = (out[out.len() - 1], out[out.len() - 2]);
        match (a, b) {
            (Some(a), Some(b)) if std::ptr::eq(a, b) && a.text().trim().is_empty() => {
                out.pop();
            }
            _ => break,
        }
    }
    out
}

/// Text held in frames and shapes: `draw:text-box`, or a shape's own paragraphs.
fn frames<'e>(el: &'e Element, out: &mut Vec<&'e Element>) {
    if el.is(Ns::Draw, "text-box") {
        out.push(el);
        return;
    }
    if el
        .elements()
        .any(|c| c.is(Ns::Text, "p") || c.is(Ns::Text, "list"))
    {
        out.push(el);
        return;
    }
    for c in el.elements() {
        if c.ns == Some(Ns::Draw) {
            frames(c, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::xml;
    use super::*;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;

    fn read(styles: &str, body: &str) -> String {
        let doc = xml::parse(
            format!("<office:document-content {NS}><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>").as_bytes(),
        )
        .expect("parses");
        let mut st = Styles::default();
        if let Some(a) = doc.child(Ns::Office, "automatic-styles") {
            st.load(a);
        }
        let text = doc
            .child(Ns::Office, "body")
            .and_then(|b| b.child(Ns::Office, "text"))
            .expect("text");
        text_of(text, &st).join("\u{c}")
    }

    #[test]
    fn headings_paragraphs_lists_and_white_space() {
        let styles = r#"<text:list-style style:name="N"><text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/><text:list-level-style-bullet text:level="2"/></text:list-style>"#;
        let body = r#"<text:h text:outline-level="1">Inriktningsmål 1 -<text:line-break/>Staden</text:h>
            <text:p>Genom   att:<text:s text:c="2"/>x</text:p>
            <text:list text:style-name="N"><text:list-item><text:p>Stärka</text:p><text:list><text:list-item><text:p>barn</text:p></text:list-item></text:list></text:list-item><text:list-item><text:p>Utmana</text:p></text:list-item></text:list>
            <text:list><text:list-item><text:p>Punkt</text:p></text:list-item></text:list>"#;
        assert_eq!(
            read(styles, body),
            "Inriktningsmål 1 - Staden\n\nGenom att:  x\n\n1. Stärka\n  - barn\n2. Utmana\n- Punkt"
        );
    }

    #[test]
    fn changes_comments_and_notes_are_left_out() {
        let body = r#"<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>raderat</text:p></text:deletion></text:changed-region></text:tracked-changes>
            <text:p>Förvaltningen <text:change-start text:change-id="c2"/>ska <text:change-end text:change-id="c2"/><text:change text:change-id="c1"/>stödja<office:annotation><dc:creator>A</dc:creator><text:p>kommentar</text:p></office:annotation> alla.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>fotnot</text:p></text:note-body></text:note></text:p>"#;
        assert_eq!(read("", body), "Förvaltningen ska stödja alla.");
    }

    #[test]
    fn tables_with_merged_cells_and_page_breaks() {
        let styles = r#"<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>"#;
        let body = r#"<text:p>Före.</text:p>
            <table:table><table:table-column table:number-columns-repeated="3"/>
            <table:table-header-rows><table:table-row><table:table-cell><text:p>Pågående arbete</text:p></table:table-cell><table:table-cell><text:p>Aktiviteter under utveckling</text:p></table:table-cell><table:table-cell><text:p>Behov av insatser</text:p></table:table-cell></table:table-row></table:table-header-rows>
            <table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>Basutbildning</text:p></table:table-cell><table:covered-table-cell/><table:table-cell/></table:table-row>
            <text:soft-page-break/>
            <table:table-row><table:table-cell><text:p>Kurs</text:p></table:table-cell><table:table-cell table:number-rows-spanned="2"><text:p>Utvärdering</text:p></table:table-cell><table:table-cell/></table:table-row>
            <table:table-row><table:table-cell><text:p>Annan</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>Behov</text:p></table:table-cell></table:table-row>
            </table:table>
            <text:p text:style-name="P1">Ny sida.</text:p>"#;
        assert_eq!(
            read(styles, body),
            "Före.\n\nPågående arbete\tAktiviteter under utveckling\tBehov av insatser\nBasutbildning\t\t\u{c}Kurs\tUtvärdering\t\nAnnan\t\tBehov\n\u{c}Ny sida."
        );
    }

    #[test]
    fn frames_are_read_after_their_paragraph() {
        let body = r#"<text:p>Ankare.<draw:frame><draw:text-box><text:p>I rutan.</text:p></draw:text-box></draw:frame></text:p><text:p>Sedan.</text:p>"#;
        assert_eq!(read("", body), "Ankare.\n\nI rutan.\n\nSedan.");
    }
}
