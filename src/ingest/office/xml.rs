//! A small element tree of one XML part, with namespaces resolved to the few
//! vocabularies the readers know, so `w:p` is found whatever prefix a writer
//! chose (Strict OOXML binds `w` to another URI than Transitional does).
//!
//! Bounded: nesting deeper than [`MAX_DEPTH`] is refused, not recursed into,
//! so a hostile file cannot overflow the stack of the readers that walk the tree.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// Deepest element nesting read. Real documents stay far below (a table in a
/// text box in a table is about 20 levels).
pub const MAX_DEPTH: usize = 200;

/// The vocabularies the readers look at; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// No namespace (unprefixed attributes).
    None,
    /// WordprocessingML (Transitional and Strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// OPC package parts: `[Content_Types].xml` and relationships.
    Package,
    Office,
    Text,
    Table,
    Draw,
    Style,
    Fo,
    Manifest,
    Other,
}

fn ns_of(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "http://schemas.openxmlformats.org/package/2006/content-types"
        | "http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Package,
        "urn:oasis:names:tc:opendocument:xmlns:office:1.0" => Ns::Office,
        "urn:oasis:names:tc:opendocument:xmlns:text:1.0" => Ns::Text,
        "urn:oasis:names:tc:opendocument:xmlns:table:1.0" => Ns::Table,
        "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" => Ns::Draw,
        "urn:oasis:names:tc:opendocument:xmlns:style:1.0" => Ns::Style,
        "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" => Ns::Fo,
        "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" => Ns::Manifest,
        _ => Ns::Other,
    }
}

fn resolved(r: &ResolveResult<'_>) -> Ns {
    match r {
        ResolveResult::Bound(ns) => ns_of(ns.0),
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

#[derive(Debug, Clone, Default)]
pub struct Element {
    pub ns: Option<Ns>,
    pub name: String,
    pub attrs: Vec<(Ns, String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn is(&self, ns: Ns, name: &str) -> bool {
        self.ns == Some(ns) && self.name == name
    }

    /// The value of attribute `ns:name`.
    pub fn attr(&self, ns: Ns, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, k, _)| *n == ns && k == name)
            .map(|(_, _, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element `ns:name`.
    pub fn child(&self, ns: Ns, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, name))
    }

    /// The `ns:val` attribute of child `ns:name` (WordprocessingML's
    /// `<w:numId w:val="3"/>` pattern).
    pub fn child_val(&self, ns: Ns, name: &str) -> Option<&str> {
        self.child(ns, name).and_then(|c| c.attr(ns, "val"))
    }

    /// All text below this element, in order.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Why an XML part could not be parsed. The messages are short, for the
/// "trasig" message; the parser's error is kept (`error`) but, being part
/// of the message, is not repeated as a source.
#[derive(Debug, thiserror::Error)]
pub enum XmlError {
    #[error("XML-fel efter byte {at}: {error}")]
    Syntax { at: u64, error: quick_xml::Error },
    #[error("XML nästlad djupare än {MAX_DEPTH} nivåer")]
    TooDeep,
    #[error("XML-delen saknar innehåll")]
    NoRoot,
}

/// Parse one XML part into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = decode(bytes);
    let mut reader = NsReader::from_str(&text);
    reader.config_mut().check_end_names = true;
    // The document node: its element children are the root(s).
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let at = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (resolved(&ns), event),
            Err(error) => return Err(XmlError::Syntax { at, error }),
        };
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                stack.push(open(ns, &e, &reader));
            }
            Event::Empty(e) => {
                let el = open(ns, &e, &reader);
                push_child(&mut stack, Node::Element(el));
            }
            Event::End(_) => {
                if stack.len() > 1
                    && let Some(el) = stack.pop()
                {
                    push_child(&mut stack, Node::Element(el));
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.into_inner()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                    Err(_) => None,
                };
                if let Some(s) = resolved {
                    push_text(&mut stack, &s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // An unclosed element at the end: keep what was read.
    while stack.len() > 1 {
        if let Some(el) = stack.pop() {
            push_child(&mut stack, Node::Element(el));
        }
    }
    let doc = stack.pop().unwrap_or_default();
    doc.children
        .into_iter()
        .find_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or(XmlError::NoRoot)
}

/// An element as its start tag gives it: name and attributes, no children yet.
fn open(ns: Ns, e: &quick_xml::events::BytesStart<'_>, reader: &NsReader<&[u8]>) -> Element {
    let mut el = Element {
        ns: Some(ns),
        name: e.local_name().into_inner().to_owned(),
        ..Element::default()
    };
    for a in e.attributes().with_checks(false).flatten() {
        let (ans, local) = reader.resolver().resolve_attribute(a.key);
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.clone().into_owned());
        el.attrs
            .push((resolved(&ans), local.into_inner().to_owned(), value));
    }
    el
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text(stack: &mut [Element], s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(t)) = top.children.last_mut() {
            t.push_str(s);
        } else {
            top.children.push(Node::Text(s.to_owned()));
        }
    }
}

/// The part's bytes as text: UTF-8 (a BOM dropped), or UTF-16 with its BOM.
fn decode(bytes: &[u8]) -> String {
    if bytes.starts_with(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_resolve_whatever_the_prefix() {
        let x = r#"<?xml version="1.0"?><q:document xmlns:q="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><q:p><q:t xml:space="preserve">a &amp; b &#229;</q:t><q:br/></q:p></q:document>"#;
        let root = parse(x.as_bytes()).expect("parses");
        assert!(root.is(Ns::W, "document"));
        let p = root.child(Ns::W, "p").expect("p");
        assert_eq!(p.text(), "a & b å");
        assert!(p.child(Ns::W, "br").is_some_and(|b| b.children.is_empty()));
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let x = "<a>".repeat(MAX_DEPTH + 5) + &"</a>".repeat(MAX_DEPTH + 5);
        assert!(parse(x.as_bytes()).is_err());
    }

    #[test]
    fn broken_xml_is_an_error_or_a_partial_tree() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"").is_err());
        assert!(parse(b"<a><b>text").is_ok());
    }
}
