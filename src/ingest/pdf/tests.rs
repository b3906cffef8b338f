//! End-to-end tests: small PDFs built in memory with lopdf, saved to bytes and
//! run through [`extract`].

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::*;

/// A document under construction; `finish` adds the page tree and saves it.
struct Pdf {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Pdf {
    fn new() -> Pdf {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Pdf {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    fn add(&mut self, obj: impl Into<Object>) -> ObjectId {
        self.doc.add_object(obj.into())
    }

    fn stream(&mut self, dict: Dictionary, data: &[u8]) -> ObjectId {
        self.doc.add_object(Stream::new(dict, data.to_vec()))
    }

    fn helvetica(&mut self) -> ObjectId {
        self.add(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        })
    }

    fn page(&mut self, resources: Dictionary, content: &[u8]) {
        let content_id = self.stream(Dictionary::new(), content);
        let page = self.add(dictionary! {
            "Type" => "Page", "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id, "Resources" => resources,
        });
        self.kids.push(page.into());
    }

    fn finish(self) -> Vec<u8> {
        self.finish_with(None)
    }

    /// Save, optionally encrypted (RC4-128) with the given user password.
    fn finish_with(mut self, user_password: Option<&str>) -> Vec<u8> {
        let count = self.kids.len() as i64;
        let pages = dictionary! { "Type" => "Pages", "Kids" => std::mem::take(&mut self.kids), "Count" => count };
        self.doc
            .objects
            .insert(self.pages_id, Object::Dictionary(pages));
        let catalog = self.add(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        if let Some(user_password) = user_password {
            self.doc.trailer.set(
                "ID",
                vec![
                    Object::string_literal("0123456789abcdef"),
                    Object::string_literal("0123456789abcdef"),
                ],
            );
            let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
                document: &self.doc,
                owner_password: "owner",
                user_password,
                key_length: 128,
                permissions: lopdf::Permissions::all(),
            })
            .expect("encryption state");
            self.doc.encrypt(&state).expect("encrypting a test PDF");
        }
        let mut bytes = Vec::new();
        self.doc.save_to(&mut bytes).expect("saving a test PDF");
        bytes
    }
}

fn fonts(list: &[(&str, ObjectId)]) -> Dictionary {
    let mut f = Dictionary::new();
    for (name, id) in list {
        f.set(*name, *id);
    }
    dictionary! { "Font" => f }
}

fn pages(bytes: &[u8]) -> Vec<PdfPage> {
    extract(bytes, &Limits::default()).expect("test PDF extracts")
}

fn one_page(bytes: &[u8]) -> PdfPage {
    let mut p = pages(bytes);
    assert_eq!(p.len(), 1);
    p.remove(0)
}

fn simple_page(content: &[u8]) -> PdfPage {
    let mut pdf = Pdf::new();
    let f = pdf.helvetica();
    pdf.page(fonts(&[("F1", f)]), content);
    one_page(&pdf.finish())
}

#[test]
fn winansi_swedish_letters() {
    let p = simple_page(b"BT /F1 12 Tf 72 700 Td (Sm\\345 \\344pplen i V\\344xj\\366) Tj ET BT /F1 12 Tf 72 680 Td <C5C4D6> Tj ET");
    assert_eq!(p.text, "Små äpplen i Växjö\nÅÄÖ");
    assert_eq!(p.kind, PageKind::BornDigital);
    assert_eq!(p.glyphs, 18);
    assert_eq!(p.number, 1);
}

#[test]
fn differences_map_glyph_names() {
    let mut pdf = Pdf::new();
    let enc = pdf.add(dictionary! {
        "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => vec![
            1.into(), "aring".into(), "adieresis".into(), "odieresis".into(),
            65.into(), "bullet".into(), "uni0161".into(), "f_f".into(),
        ],
    });
    let f = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "ABCDEF+Calibri", "Encoding" => enc,
    });
    pdf.page(
        fonts(&[("F1", f)]),
        b"BT /F1 12 Tf 72 700 Td <41204D01020320424320> Tj ET",
    );
    assert_eq!(one_page(&pdf.finish()).text, "• Måäö šff");
}

/// A Type0 font with Identity-H codes and a ToUnicode map.
fn type0_font(pdf: &mut Pdf, base: &str, cmap: &[u8], w: Vec<Object>) -> ObjectId {
    let tu = pdf.stream(Dictionary::new(), cmap);
    let desc = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => base,
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 500, "W" => w,
    });
    pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => base,
        "Encoding" => "Identity-H", "DescendantFonts" => vec![desc.into()], "ToUnicode" => tu,
    })
}

const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CMapName /Adobe-Identity-UCS def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
3 beginbfchar\n<0003> <0020>\n<0010> <00E5>\n<0011> <00C4>\nendbfchar\n\
2 beginbfrange\n<0020> <0029> <0061>\n<0030> <0032> [<00E4> <00F6> <0056>]\nendbfrange\n\
endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend";

#[test]
fn type0_identity_h_with_tounicode() {
    let mut pdf = Pdf::new();
    let w = vec![
        16.into(),
        vec![600.into(), 700.into()].into(),
        32.into(),
        41.into(),
        550.into(),
    ];
    let f = type0_font(&mut pdf, "ABCDEF+Arial", TO_UNICODE, w);
    // "Växjö kommun" is not spellable with this tiny map; use its letters:
    // V ä x j ö -> V=0032 ä=0030 (x,j not mapped) ... so write "Vä åÄ abc ö".
    pdf.page(
        fonts(&[("F1", f)]),
        b"BT /F1 12 Tf 72 700 Td <00320030 0003 00100011 0003 002000210022 0003 0031> Tj ET",
    );
    let p = one_page(&pdf.finish());
    assert_eq!(p.text, "Vä åÄ abc ö");
    assert_eq!(p.glyphs, 8);
}

#[test]
fn tounicode_gaps_fall_back_to_encoding() {
    // ToUnicode covers only 'H', 'e', 'j'; the font's WinAnsi encoding must
    // still give å/ä/ö for the codes the map lacks.
    let mut pdf = Pdf::new();
    let tu = pdf.stream(
        Dictionary::new(),
        b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n\
          3 beginbfchar <48> <0048> <65> <0065> <6A> <006A> endbfchar endcmap",
    );
    let f = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+TimesNewRomanPSMT",
        "Encoding" => "WinAnsiEncoding", "ToUnicode" => tu,
        "FirstChar" => 32, "LastChar" => 255,
        "Widths" => vec![Object::Integer(500); 224],
    });
    pdf.page(
        fonts(&[("F1", f)]),
        b"BT /F1 12 Tf 72 700 Td (Hej \\345\\344\\366) Tj ET",
    );
    assert_eq!(one_page(&pdf.finish()).text, "Hej åäö");
}

#[test]
fn words_placed_one_by_one_get_spaces() {
    // No space characters at all: each word is positioned with Td.
    let p = simple_page(
        b"BT /F1 12 Tf 72 700 Td (Kommunen) Tj 65 0 Td (ska) Tj 22 0 Td (arbeta) Tj 40 0 Td (med) Tj ET",
    );
    assert_eq!(p.text, "Kommunen ska arbeta med");
}

#[test]
fn tj_kerning_and_letters_one_by_one() {
    // Small kerning inside words, a big negative adjustment between words,
    // and letters shown one at a time with their own Tj.
    let p = simple_page(
        b"BT /F1 10 Tf 72 700 Td [(Mi) 20 (lj) -15 (\\366) -300 (och) -280 (klimat)] TJ \
          0 -14 Td (b) Tj (i) Tj (l) Tj (a) Tj (r) Tj ET",
    );
    assert_eq!(p.text, "Miljö och klimat\nbilar");
}

#[test]
fn horizontal_scaling_tz() {
    // "Hej" at Tz 50 is 9 pt wide; the next word starts 3 pt later (a
    // space). "stor" at Tz 200 is 40.7 pt wide; the next word follows 4 pt after.
    let p = simple_page(b"BT /F1 12 Tf 50 Tz 72 700 Td (Hej) Tj 12 0 Td (du) Tj ET BT /F1 12 Tf 200 Tz 72 680 Td (stor) Tj 44.7 0 Td (text) Tj ET");
    assert_eq!(p.text, "Hej du\nstor text");
}

#[test]
fn lines_come_out_top_to_bottom() {
    let p = simple_page(b"BT /F1 12 Tf 72 686 Td (andra raden) Tj ET BT /F1 12 Tf 72 700 Td (f\\366rsta raden) Tj ET BT /F1 12 Tf 72 672 Td (tredje) Tj ET");
    assert_eq!(p.text, "första raden\nandra raden\ntredje");
}

#[test]
fn paragraph_gap_gives_empty_line() {
    let p = simple_page(
        b"BT /F1 11 Tf 13 TL 72 700 Td (Rad ett) Tj T* (rad tv\\345) Tj T* (rad tre) Tj \
          0 -30 Td (Nytt stycke) Tj T* (sista raden) Tj ET",
    );
    assert_eq!(
        p.text,
        "Rad ett\nrad två\nrad tre\n\nNytt stycke\nsista raden"
    );
}

#[test]
fn superscript_stays_on_its_line() {
    let p = simple_page(
        b"BT /F1 12 Tf 72 700 Td (Yta 5 m) Tj ET BT /F1 7 Tf 113.5 705 Td (2) Tj ET \
          BT /F1 12 Tf 72 686 Td (n\\344sta rad) Tj ET",
    );
    assert_eq!(p.text, "Yta 5 m2\nnästa rad");
}

#[test]
fn tesseract_style_invisible_ocr_layer() {
    let mut pdf = Pdf::new();
    let f = type0_font(
        &mut pdf,
        "GlyphLessFont",
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
          1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
          1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap end end",
        vec![],
    );
    let img = pdf.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        &[0x80],
    );
    let mut res = fonts(&[("f-0-0", f)]);
    res.set("XObject", dictionary! { "Im1" => img });
    // One word per TJ, each placed with Tm and stretched with Tz, no line
    // operators; the second line's words come first in the stream.
    pdf.page(
        res,
        b"q 595 0 0 842 0 0 cm /Im1 Do Q\nBT 3 Tr\n\
          /f-0-0 11 Tf 1 0 0 1 72 680 Tm 80 Tz [<00C50074006700E40072006400650072>] TJ\n\
          /f-0-0 11 Tf 1 0 0 1 130 680 Tm 60 Tz [<00660069006E006E0073>] TJ\n\
          /f-0-0 11 Tf 1 0 0 1 72 700 Tm 100 Tz [<00560061007400740065006E>] TJ\n\
          /f-0-0 11 Tf 1 0 0 1 110 700.6 Tm 90 Tz [<00690020>] TJ\n\
          /f-0-0 11 Tf 1 0 0 1 121 699.4 Tm 95 Tz [<0056006100720062006500720067>] TJ\n\
          ET",
    );
    let p = one_page(&pdf.finish());
    assert_eq!(p.text, "Vatten i Varberg\nÅtgärder finns");
    assert_eq!(p.kind, PageKind::OcrLayer);
}

#[test]
fn invisible_text_over_image_is_ocr_layer() {
    let mut pdf = Pdf::new();
    let f = pdf.helvetica();
    let img = pdf.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        &[0x80],
    );
    let mut res = fonts(&[("F1", f)]);
    res.set("XObject", dictionary! { "Im0" => img });
    pdf.page(
        res,
        b"q 595 0 0 842 0 0 cm /Im0 Do Q BT 3 Tr /F1 12 Tf 72 700 Td (Skannad text) Tj ET",
    );
    let p = one_page(&pdf.finish());
    assert_eq!(
        (p.text.as_str(), p.kind),
        ("Skannad text", PageKind::OcrLayer)
    );
}

#[test]
fn form_xobjects_are_followed_and_cycles_stopped() {
    let mut pdf = Pdf::new();
    let f = pdf.helvetica();
    // Inner form: own resources, draws text, then itself again (a cycle).
    let inner_id = pdf.doc.new_object_id();
    let inner = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "G" => f },
            "XObject" => dictionary! { "Self" => inner_id } } },
        b"BT /G 12 Tf 0 0 Td (inne i formul\\344ret) Tj ET /Self Do".to_vec(),
    );
    pdf.doc.objects.insert(inner_id, Object::Stream(inner));
    // Outer form: no resources of its own (inherits the page's), a /Matrix
    // that moves it to (72, 650).
    let outer = pdf.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), 650.into()] },
        b"/Inner Do",
    );
    let mut res = fonts(&[("F1", f)]);
    res.set(
        "XObject",
        dictionary! { "Outer" => outer, "Inner" => inner_id },
    );
    pdf.page(res, b"BT /F1 12 Tf 72 700 Td (sidans text) Tj ET /Outer Do");
    let p = one_page(&pdf.finish());
    assert_eq!(p.text, "sidans text\n\ninne i formuläret");
}

#[test]
fn image_only_and_empty_pages() {
    let mut pdf = Pdf::new();
    let img = pdf.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        &[0x80],
    );
    pdf.page(
        dictionary! { "XObject" => dictionary! { "Im0" => img } },
        b"q 595 0 0 842 0 0 cm /Im0 Do Q",
    );
    pdf.page(Dictionary::new(), b"0 0 m 100 100 l S");
    let p = pages(&pdf.finish());
    assert_eq!(p.len(), 2);
    assert_eq!(
        (p[0].kind, p[0].text.as_str(), p[0].glyphs),
        (PageKind::ImageOnly, "", 0)
    );
    assert_eq!((p[1].kind, p[1].number), (PageKind::Empty, 2));
}

#[test]
fn symbol_and_wingdings_bullets() {
    let mut pdf = Pdf::new();
    let f = pdf.helvetica();
    let sym = pdf.add(
        dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Symbol",
        "FirstChar" => 183, "LastChar" => 183, "Widths" => vec![460.into()] },
    );
    let tu = pdf.stream(Dictionary::new(), b"1 beginbfchar <A7> <F0A7> endbfchar");
    let wing = pdf.add(dictionary! { "Type" => "Font", "Subtype" => "TrueType",
    "BaseFont" => "ABCDEF+Wingdings-Regular", "ToUnicode" => tu,
    "FirstChar" => 167, "LastChar" => 167, "Widths" => vec![500.into()] });
    pdf.page(
        fonts(&[("F1", f), ("S", sym), ("W", wing)]),
        b"BT /S 11 Tf 72 700 Td <B7> Tj /F1 11 Tf 18 0 Td (Punkt ett) Tj ET\n\
          BT /W 11 Tf 72 686 Td <A7> Tj /F1 11 Tf 18 0 Td (Punkt tv\\345) Tj ET",
    );
    assert_eq!(one_page(&pdf.finish()).text, "• Punkt ett\n• Punkt två");
}

#[test]
fn ligatures_soft_hyphens_and_nfc() {
    let mut pdf = Pdf::new();
    let tu = pdf.stream(
        Dictionary::new(),
        b"3 beginbfchar <01> <FB01> <02> <00AD> <03> <0061030A> endbfchar",
    );
    let f = pdf.add(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding", "ToUnicode" => tu },
    );
    pdf.page(
        fonts(&[("F1", f)]),
        b"BT /F1 12 Tf 72 700 Td (\\001nns ) Tj (bil\\002) Tj (\\003) Tj ET",
    );
    let p = one_page(&pdf.finish());
    assert_eq!(p.text, "finns bilå");
    assert!(p.text.contains('\u{E5}'), "NFC composes a + ring");
}

#[test]
fn rotated_text_is_a_separate_block() {
    let p = simple_page(
        b"BT /F1 12 Tf 72 700 Td (Huvudtexten p\\345 sidan) Tj ET BT /F1 8 Tf 0 1 -1 0 30 400 Tm (Marginal upp\\345t) Tj ET",
    );
    assert_eq!(p.text, "Huvudtexten på sidan\n\nMarginal uppåt");
}

#[test]
fn libreoffice_like_table_with_wrapped_cells() {
    // Three columns at x = 60, 230, 400; cell padding makes row gaps larger
    // (18 pt) than the line pitch inside a cell (12.6 pt).
    let p = simple_page(
        b"BT /F1 10 Tf 60 700 Td (\\305tg\\344rd) Tj ET BT /F1 10 Tf 230 700 Td (Ansvarig) Tj ET \
          BT /F1 10 Tf 400 700 Td (Klart) Tj ET\n\
          BT /F1 10 Tf 60 682 Td (Byta belysning i alla) Tj ET BT /F1 10 Tf 230 682 Td (Tekniska) Tj ET \
          BT /F1 10 Tf 400 682 Td (2025) Tj ET\n\
          BT /F1 10 Tf 60 669.4 Td (kommunens lokaler) Tj ET BT /F1 10 Tf 230 669.4 Td (f\\366rvaltningen) Tj ET\n\
          BT /F1 10 Tf 60 651.4 Td (Ny cykelplan) Tj ET BT /F1 10 Tf 400 651.4 Td (2026) Tj ET\n\
          BT /F1 10 Tf 60 620 Td (Text efter tabellen som g\\345r \\366ver hela sidans bredd och mer.) Tj ET",
    );
    assert_eq!(
        p.text,
        "Åtgärd\tAnsvarig\tKlart\n\
         Byta belysning i alla kommunens lokaler\tTekniska förvaltningen\t2025\n\
         Ny cykelplan\t\t2026\n\n\
         Text efter tabellen som går över hela sidans bredd och mer."
    );
}

#[test]
fn table_cells_full_to_the_column_edge_still_split() {
    // Row 2's first cell nearly reaches column 2: the gap is a normal word
    // gap, but the next word starts exactly at a known column.
    let p = simple_page(
        b"BT /F1 10 Tf 60 700 Td (Namn) Tj ET BT /F1 10 Tf 160 700 Td (Beskrivning) Tj ET\n\
          BT /F1 10 Tf 60 682 Td (Klimatanpassning) Tj ET BT /F1 10 Tf 160 682 Td (Plan f\\366r skyfall) Tj ET",
    );
    assert_eq!(
        p.text,
        "Namn\tBeskrivning\nKlimatanpassning\tPlan för skyfall"
    );
}

#[test]
fn duplicated_fake_bold_is_collapsed() {
    let p = simple_page(
        b"BT /F1 12 Tf 72 700 Td (Rubrik) Tj ET BT /F1 12 Tf 72.3 700 Td (Rubrik) Tj ET",
    );
    assert_eq!(p.text, "Rubrik");
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert!(matches!(
        extract(b"", &Limits::default()),
        Err(PdfError::NotPdf(_))
    ));
    assert!(matches!(
        extract(b"hello world, not a pdf", &Limits::default()),
        Err(PdfError::NotPdf(_))
    ));
    let mut noise = Vec::new();
    let mut x: u64 = 0x1234_5678_9abc_def0;
    for _ in 0..5000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise.push((x >> 24) as u8);
    }
    assert!(matches!(
        extract(&noise, &Limits::default()),
        Err(PdfError::NotPdf(_))
    ));
    let mut fake = b"%PDF-1.7\n".to_vec();
    fake.extend_from_slice(&noise);
    assert!(matches!(
        extract(&fake, &Limits::default()),
        Err(PdfError::Broken(_) | PdfError::NoPages)
    ));
    let e = extract(b"", &Limits::default())
        .err()
        .map(|e| e.to_string());
    assert_eq!(e.as_deref(), Some("not a PDF file: the file is empty"));
}

#[test]
fn mutated_files_never_panic() {
    let mut pdf = Pdf::new();
    let f = pdf.helvetica();
    let f2 = type0_font(
        &mut pdf,
        "ABCDEF+Arial",
        TO_UNICODE,
        vec![16.into(), vec![600.into()].into()],
    );
    pdf.page(
        fonts(&[("F1", f), ("F2", f2)]),
        b"BT /F1 12 Tf 72 700 Td [(Hej) -300 (d\\345)] TJ /F2 10 Tf 0 -20 Td <00100011> Tj ET",
    );
    let good = pdf.finish();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for round in 0..300 {
        let mut bytes = good.clone();
        let edits = 1 + (next() % 8) as usize;
        for _ in 0..edits {
            let pos = (next() as usize) % bytes.len();
            bytes[pos] = (next() >> 32) as u8;
        }
        if round % 10 == 0 {
            bytes.truncate((next() as usize) % bytes.len());
        }
        let _ = extract(&bytes, &Limits::default());
    }
}

#[test]
fn limits_are_respected() {
    let mut pdf = Pdf::new();
    let f = pdf.helvetica();
    for k in 0..3 {
        let c = format!("BT /F1 12 Tf 72 700 Td (sida {k}) Tj ET");
        pdf.page(fonts(&[("F1", f)]), c.as_bytes());
    }
    let bytes = pdf.finish();
    let limits = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    assert_eq!(extract(&bytes, &limits).map(|p| p.len()).ok(), Some(2));
    let limits = Limits {
        max_ops_per_page: 3,
        ..Limits::default()
    };
    // BT, Tf, Td run; Tj is the fourth operator and is cut off.
    let p = extract(&bytes, &limits).ok().unwrap_or_default();
    assert_eq!(p.first().map(|p| p.kind), Some(PageKind::Empty));
}

#[test]
fn deeply_nested_forms_stop_at_the_depth_limit() {
    let mut pdf = Pdf::new();
    let f = pdf.helvetica();
    // A chain of 20 forms, each drawing the next; only the first
    // `max_xobject_depth` levels run.
    let mut next: Option<ObjectId> = None;
    for level in (0..20).rev() {
        let mut res = fonts(&[("F1", f)]);
        let mut content = format!("BT /F1 10 Tf 72 {} Td (niv{level}) Tj ET", 800 - level * 14);
        if let Some(n) = next {
            res.set("XObject", dictionary! { "N" => n });
            content.push_str(" /N Do");
        }
        next = Some(pdf.stream(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => res,
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] },
            content.as_bytes(),
        ));
    }
    let first = next.unwrap_or((0, 0));
    pdf.page(
        dictionary! { "XObject" => dictionary! { "N" => first } },
        b"/N Do",
    );
    let p = one_page(&pdf.finish());
    assert_eq!(p.text.lines().count(), Limits::default().max_xobject_depth);
}

#[test]
fn encrypted_files() {
    let build = |pw: Option<&str>| {
        let mut pdf = Pdf::new();
        let f = pdf.helvetica();
        pdf.page(
            fonts(&[("F1", f)]),
            b"BT /F1 12 Tf 72 700 Td (L\\345st men l\\344sbar) Tj ET",
        );
        pdf.finish_with(pw)
    };
    let open = build(Some(""));
    assert!(open.windows(8).any(|w| w == b"/Encrypt"));
    assert_eq!(one_page(&open).text, "Låst men läsbar");
    let locked = build(Some("hemligt"));
    assert!(matches!(
        extract(&locked, &Limits::default()),
        Err(PdfError::Encrypted)
    ));
}

#[test]
fn two_columns_are_read_column_by_column() {
    let left = [
        "Kommunen ska minska utsläppen",
        "från transporter och arbeta",
        "aktivt med energieffektivisering",
        "i alla egna verksamheter under",
        "hela perioden fram till 2030.",
        "Uppföljning sker varje år.",
    ];
    let right = [
        "Den högra spalten handlar om",
        "vatten och avlopp och om hur",
        "kommunen ska anpassa sig till",
        "ett förändrat klimat med mer",
        "nederbörd och högre flöden.",
    ];
    let mut content = String::from("BT /F1 10 Tf 13 TL 60 700 Td\n");
    for l in left {
        content.push_str(&format!("({l}) ' \n"));
    }
    // The right column starts lower, so its baselines never meet the left's.
    content.push_str("ET BT /F1 10 Tf 13 TL 320 706 Td\n");
    for l in right {
        content.push_str(&format!("({l}) ' \n"));
    }
    content.push_str("ET");
    let latin1: Vec<u8> = content
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let p = simple_page(&latin1);
    let expected = [left.join("\n"), right.join("\n")].join("\n");
    assert_eq!(p.text, expected);
}

#[test]
fn unpadded_word_table_merges_wrapped_cells() {
    // Columns at 60, 200, 330; every line 12 pt apart, as in a Word table
    // without cell padding or paragraph spacing.
    let rows: [(f32, &[u8]); 8] = [
        (700.0, b"(\\305tg\\344rd) Tj 140 0 Td (Ansvar) Tj 130 0 Td (Tid) Tj"),
        (688.0, b"(F\\366rb\\344ttra belysningen l\\344ngs) Tj 140 0 Td (Gatuavdelningen) Tj 130 0 Td (2024) Tj"),
        (676.0, b"(g\\345ng- och cykelv\\344garna i) Tj"),
        (664.0, b"(centrala Ume\\345) Tj"),
        (652.0, b"(Trygghetsvandringar) Tj 140 0 Td (Fritid och polisen i) Tj 130 0 Td (L\\366pande) Tj"),
        (640.0, b"140 0 Td (samverkan med) Tj"),
        (628.0, b"140 0 Td (bostadsbolagen) Tj"),
        (616.0, b"(Kamera\\366vervakning) Tj 270 0 Td (2025) Tj"),
    ];
    let mut content = Vec::new();
    for (y, ops) in rows {
        content.extend_from_slice(format!("BT /F1 10 Tf 60 {y} Td ").as_bytes());
        content.extend_from_slice(ops);
        content.extend_from_slice(b" ET\n");
    }
    let p = simple_page(&content);
    assert_eq!(
        p.text,
        "Åtgärd\tAnsvar\tTid\n\
         Förbättra belysningen längs gång- och cykelvägarna i centrala Umeå\tGatuavdelningen\t2024\n\
         Trygghetsvandringar\tFritid och polisen i samverkan med bostadsbolagen\tLöpande\n\
         Kameraövervakning\t\t2025"
    );
}

#[test]
fn rules_drawn_between_narrow_columns_separate_their_cells() {
    // A table as Word and LibreOffice export it: narrow `Nr` and `Mål`
    // columns whose text sits closer than a tab's gap, told apart by the
    // vertical rules drawn between the columns (stroked lines, and a thin
    // filled rectangle). Rows are padded (18 pt apart), a wrapped cell line
    // is not (13 pt).
    let rows =
        b"BT /F1 11 Tf 70 700 Td (Nr) Tj 24 0 Td (M\xe5l) Tj 26 0 Td (Vad ska g\xf6ras) Tj ET \
        BT /F1 11 Tf 70 682 Td (1) Tj 24 0 Td (3) Tj 26 0 Td (Utbilda alla chefer) Tj ET \
        BT /F1 11 Tf 120 669 Td (i att fr\xe5ga) Tj ET \
        BT /F1 11 Tf 70 651 Td (2) Tj 24 0 Td (4) Tj 26 0 Td (Erbjuda st\xf6d) Tj ET";
    let ruled = [
        &b"0.5 w 66 712 m 66 645 l S 91 712 m 91 645 l S "[..],
        b"116 645 0.5 67 re f ",
        &rows[..],
    ]
    .concat();
    assert_eq!(
        simple_page(&ruled).text,
        "Nr\tMål\tVad ska göras\n1\t3\tUtbilda alla chefer i att fråga\n2\t4\tErbjuda stöd"
    );
    // The same text without the rules: one column.
    let plain = simple_page(rows).text;
    assert!(
        plain.starts_with("Nr Mål Vad ska göras\n1 3 Utbilda"),
        "{plain}"
    );
    // Horizontal lines and a path that is not painted are no column rules.
    let unruled = [&b"66 712 m 300 712 l S 91 712 m 91 645 l n "[..], &rows[..]].concat();
    assert_eq!(simple_page(&unruled).text, plain);
}
