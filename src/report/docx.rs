//! `uppfoljning.docx`: the draft follow-up ([`super::draft`]) as a Word
//! document, the form the analysts write the follow-up in.
//!
//! Written as Office Open XML with the `zip` crate, the parts by hand: the
//! draft's blocks map one to one onto WordprocessingML, and writing the few
//! parts ourselves keeps the bytes the same on every run (fixed dates, no
//! revision ids, a fixed order of parts), which a document library does not
//! promise. Headings use Word's built-in Heading 1–3 styles (with outline
//! levels), so the navigation pane and the table of contents work; the table
//! of contents is a real TOC field, filled in with the headings (Word adds the
//! page numbers when the field is updated). Tables repeat their header row on
//! every page. The language is Swedish, so Word's spelling check reads it as
//! Swedish.

use super::Analysis;
use super::draft::{Block, Inline, Table, document, figure_table};
use std::io::{self, Cursor, Write};
use zip::write::SimpleFileOptions;

/// The document's dates: fixed, as in `coverage.xlsx`, so output is reproducible.
const CREATED: &str = "2022-01-01T00:00:00Z";

/// Width of the text between A4 margins of 2 cm, in twentieths of a point.
const TEXT_WIDTH: usize = 9638;

/// Colours: table headers, and a figure's bars by status.
const HEADER_FILL: &str = "D9E1F2";
const BAR_OK: &str = "215E96";
const BAR_WEAK: &str = "B07A00";
const BAR_MISSING: &str = "A4262C";

/// Heading levels the table of contents lists.
const TOC_LEVELS: u8 = 2;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// `uppfoljning.docx` into `out`.
pub fn write_docx(analysis: &Analysis<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(&docx(analysis)?)
}

/// `uppfoljning.docx`'s bytes.
pub fn docx(analysis: &Analysis<'_>) -> io::Result<Vec<u8>> {
    // The table of contents comes first but lists every heading: the
    // headings are gathered in a first pass.
    let mut headings = Vec::new();
    document(analysis, &mut |b| {
        if let Block::Heading(level, text) = b {
            headings.push((level, text));
        }
        Ok(())
    })?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let title = format!(
        "Uppföljning av handlingsplanerna – utkast ({})",
        analysis.taxonomy.name
    );
    let parts: [(&str, String); 8] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("docProps/core.xml", core_properties(&title)),
        ("docProps/app.xml", APP_PROPERTIES.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/numbering.xml", NUMBERING.to_owned()),
        ("word/settings.xml", SETTINGS.to_owned()),
    ];
    for (name, xml) in parts {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(xml.as_bytes())?;
    }
    zip.start_file("word/document.xml", options)
        .map_err(io::Error::other)?;
    write!(
        zip,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W_NS}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>"
    )?;
    let mut bookmark = 0usize;
    document(analysis, &mut |b| {
        let xml = match &b {
            Block::Contents => contents(&headings),
            Block::Heading(level, text) => {
                bookmark += 1;
                heading(*level, text, bookmark)
            }
            other => block(other),
        };
        zip.write_all(xml.as_bytes())
    })?;
    zip.write_all(
        b"<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" \
          w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>\
          </w:body></w:document>",
    )?;
    let cursor = zip.finish().map_err(io::Error::other)?;
    Ok(cursor.into_inner())
}

/// Text for XML content and attributes: markup escaped, characters XML does
/// not allow dropped, line breaks and tabs as spaces.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// One run of text, bold/italic and coloured as asked.
fn run(text: &str, bold: bool, italic: bool, color: Option<&str>) -> String {
    let mut props = String::new();
    if bold {
        props.push_str("<w:b/>");
    }
    if italic {
        props.push_str("<w:i/>");
    }
    if let Some(c) = color {
        props.push_str(&format!("<w:color w:val=\"{c}\"/>"));
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        xml_text(text)
    )
}

fn runs(text: &[Inline]) -> String {
    text.iter()
        .map(|i| match i {
            Inline::Plain(s) => run(s, false, false, None),
            Inline::Bold(s) => run(s, true, false, None),
            Inline::Italic(s) => run(s, false, true, None),
        })
        .collect()
}

fn paragraph(style: Option<&str>, content: &str) -> String {
    match style {
        Some(s) => format!("<w:p><w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>{content}</w:p>"),
        None => format!("<w:p>{content}</w:p>"),
    }
}

fn heading(level: u8, text: &str, id: usize) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Heading{}\"/></w:pPr><w:bookmarkStart w:id=\"{id}\" w:name=\"_Toc{id}\"/>{}<w:bookmarkEnd w:id=\"{id}\"/></w:p>",
        level.clamp(1, 3),
        run(text, false, false, None)
    )
}

/// The table of contents: a TOC field over headings 1–2 (the goals, not
/// their subsections), its result those headings as links (Word fills in
/// page numbers when it is updated).
fn contents(headings: &[(u8, String)]) -> String {
    let mut o = paragraph(Some("TOCHeading"), &run("Innehåll", false, false, None));
    let field = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
                 <w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r>\
                 <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
    let mut first = true;
    for (i, (level, text)) in headings.iter().enumerate() {
        if *level > TOC_LEVELS {
            continue;
        }
        let link = format!(
            "<w:hyperlink w:anchor=\"_Toc{}\" w:history=\"1\">{}</w:hyperlink>",
            i + 1,
            run(text, false, false, None)
        );
        let start = if first { field } else { "" };
        first = false;
        o.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"TOC{}\"/></w:pPr>{start}{link}</w:p>",
            level.clamp(&1, &3)
        ));
    }
    if first {
        o.push_str(&format!("<w:p>{field}</w:p>"));
    }
    o.push_str("<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
    o
}

fn block(b: &Block) -> String {
    match b {
        Block::Title(t) => paragraph(Some("Title"), &run(t, false, false, None)),
        Block::Heading(level, t) => heading(*level, t, 0),
        Block::Para(t) => paragraph(None, &runs(t)),
        Block::Bullets(items) => items
            .iter()
            .map(|i| {
                format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>{}</w:p>",
                    runs(i)
                )
            })
            .collect(),
        Block::Table(t) => table(t, None),
        Block::Figure(f) => {
            let t = figure_table(f);
            let colors: Vec<&str> = f
                .bars
                .iter()
                .map(|b| match b.status {
                    "saknas" => BAR_MISSING,
                    "svag" => BAR_WEAK,
                    _ => BAR_OK,
                })
                .collect();
            format!(
                "{}{}",
                paragraph(Some("Caption"), &run(&f.title, false, false, None)),
                table(&t, Some(&colors))
            )
        }
        Block::Contents => String::new(),
    }
}

/// Column widths in proportion to their longest text (within bounds), over
/// the width of the page's text.
fn widths(t: &Table) -> Vec<usize> {
    let n = t.header.len().max(1);
    // At least the header's longest word, so no header breaks inside a word.
    let longest: Vec<usize> = (0..n)
        .map(|c| {
            let header = t.header.get(c).map_or(0, |h| {
                h.split_whitespace()
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0)
            });
            let content = t
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
                .min(60);
            content.max(header + 2).max(4)
        })
        .collect();
    let sum: usize = longest.iter().sum();
    longest
        .iter()
        .map(|l| TEXT_WIDTH * l / sum.max(1))
        .collect()
}

/// A table with a header row repeated on every page; `bar_colors` colours the
/// last column of each row (a figure's bars).
fn table(t: &Table, bar_colors: Option<&[&str]>) -> String {
    let widths = widths(t);
    let mut o = String::from(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
         <w:tblLayout w:type=\"autofit\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" \
         w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
    );
    for w in &widths {
        o.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    o.push_str("</w:tblGrid>");
    let cell = |text: &str, c: usize, header: bool, color: Option<&str>| {
        let shade = if header {
            format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{HEADER_FILL}\"/>")
        } else {
            String::new()
        };
        let right = t.numeric.get(c).copied().unwrap_or(false);
        let jc = if right { "<w:jc w:val=\"right\"/>" } else { "" };
        let keep = if header { "<w:keepNext/>" } else { "" };
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{shade}</w:tcPr><w:p><w:pPr>{keep}<w:spacing w:after=\"0\"/>{jc}</w:pPr>{}</w:p></w:tc>",
            widths.get(c).copied().unwrap_or(0),
            run(text, header, false, color)
        )
    };
    o.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (c, h) in t.header.iter().enumerate() {
        o.push_str(&cell(h, c, true, None));
    }
    o.push_str("</w:tr>");
    let last = t.header.len().saturating_sub(1);
    for (ri, r) in t.rows.iter().enumerate() {
        o.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for c in 0..t.header.len() {
            let color = bar_colors
                .filter(|_| c == last)
                .and_then(|cs| cs.get(ri).copied());
            o.push_str(&cell(r.get(c).map_or("", String::as_str), c, false, color));
        }
        o.push_str("</w:tr>");
    }
    o.push_str("</w:tbl>");
    // Word wants a paragraph after a table (two tables never touch, and the
    // body never ends in one).
    o.push_str("<w:p><w:pPr><w:spacing w:after=\"60\"/></w:pPr></w:p>");
    o
}

fn core_properties(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>plancov</dc:creator><cp:lastModifiedBy>plancov</cp:lastModifiedBy>\
         <dc:language>sv-SE</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{CREATED}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{CREATED}</dcterms:modified></cp:coreProperties>",
        xml_text(title)
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
</Relationships>";

const APP_PROPERTIES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
<Application>plancov</Application></Properties>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:defaultTabStop w:val=\"1304\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
<w:themeFontLang w:val=\"sv-SE\"/></w:settings>";

const NUMBERING: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"hybridMultilevel\"/>\
<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/><w:lvlJc w:val=\"left\"/>\
<w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>\
<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";

/// Word's built-in styles by their built-in names (`heading 1` …), so Word
/// shows them as its own (Rubrik 1 in Swedish Word) and the navigation pane
/// and tables of contents find the headings by their outline level.
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>\
<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"sv-SE\" w:eastAsia=\"sv-SE\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>\
<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/>\
<w:pPr><w:spacing w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/><w:contextualSpacing/></w:pPr><w:rPr><w:color w:val=\"1F3864\"/><w:kern w:val=\"28\"/><w:sz w:val=\"48\"/><w:szCs w:val=\"48\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:unhideWhenUsed/><w:qFormat/>\
<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"280\" w:after=\"100\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val=\"215E96\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:unhideWhenUsed/><w:qFormat/>\
<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"80\"/><w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val=\"2B3642\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:qFormat/>\
<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"60\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"35\"/><w:unhideWhenUsed/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/></w:pPr><w:rPr><w:i/><w:iCs/><w:color w:val=\"44546A\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Heading1\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/><w:qFormat/>\
<w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"60\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TOC2\"><w:name w:val=\"toc 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"40\"/><w:ind w:left=\"220\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TOC3\"><w:name w:val=\"toc 3\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"40\"/><w:ind w:left=\"440\"/></w:pPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/>\
<w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:tblPr><w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>\
</w:tblBorders></w:tblPr></w:style>\
</w:styles>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_xml_safe() {
        assert_eq!(
            xml_text("a<b>&\"c\"\u{1}\u{b}\td\ne"),
            "a&lt;b&gt;&amp;&quot;c&quot; d e"
        );
        assert_eq!(xml_text("Hälsa-, vård"), "Hälsa-, vård");
    }

    #[test]
    fn a_table_repeats_its_header_row() {
        let t = Table {
            header: vec!["Mål".into(), "Antal".into()],
            rows: vec![vec!["1".into(), "3".into()]],
            numeric: vec![false, true],
        };
        let xml = table(&t, None);
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
        assert!(xml.contains("<w:gridCol"));
        assert!(xml.contains("<w:jc w:val=\"right\"/>"));
    }
}
