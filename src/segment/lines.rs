//! Lines of a plan with what the segmenter needs to know about each: where it
//! is, its folded form, whether it is page furniture (header, footer, page
//! number) or part of a table of contents.

use crate::taxonomy::Structure;
use crate::text::fold;
use std::collections::HashMap;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Line {
    /// Byte range of the line in the text, without its line end.
    pub span: Range<usize>,
    /// Byte range of the line without leading and trailing white space.
    pub trimmed: Range<usize>,
    /// The trimmed line folded (lower case, no diacritics), for structure patterns.
    pub folded: String,
    /// Header, footer, page number or table-of-contents line: never content.
    pub furniture: bool,
    /// The first line of a page.
    pub page_start: bool,
    /// The line opened with an answer label ("Svar:"), which `trimmed` and
    /// `folded` leave out: what follows answers a template's question.
    pub answer: bool,
    /// The line is a question (a template form's "Vilka aktiviteter …?").
    pub question: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.trimmed.is_empty()
    }
}

/// Split `text` into lines and mark furniture. `page_starts` are the byte offsets
/// where pages begin (empty for text files).
pub fn lines(text: &str, page_starts: &[usize], structure: &Structure) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut next_page = 0;
    for raw in text.split_inclusive('\n') {
        let body = raw.strip_suffix('\n').unwrap_or(raw);
        let start = pos;
        pos += raw.len();
        let lead = body.len() - body.trim_start().len();
        let trimmed = (start + lead)..(start + body.trim_end().len()).max(start + lead);
        let mut page_start = false;
        while next_page < page_starts.len() && page_starts[next_page] <= start {
            page_start = true;
            next_page += 1;
        }
        let mut trimmed = trimmed;
        let mut folded = fold(&text[trimmed.clone()]);
        let label = structure
            .answer_label
            .iter()
            .find_map(|r| r.find(&folded).filter(|m| m.start() == 0));
        let answer = label.is_some();
        if let Some(m) = label {
            // Folding keeps the number of characters.
            let chars = folded[..m.end()].chars().count();
            let raw = &text[trimmed.clone()];
            let at = raw.char_indices().nth(chars).map_or(raw.len(), |(b, _)| b);
            trimmed.start += at;
            folded = folded[m.end()..].to_owned();
        }
        let question = folded.ends_with('?');
        let furniture = !folded.is_empty() && structure.footer.iter().any(|r| r.is_match(&folded))
            || structure.toc_line.iter().any(|r| r.is_match(&folded));
        out.push(Line {
            span: start..start + body.len(),
            trimmed,
            folded,
            furniture,
            page_start,
            answer,
            question,
        });
    }
    mark_running_heads(&mut out, text, structure);
    mark_wrapped_questions(&mut out, text);
    mark_quoted_message(&mut out, text);
    if page_starts.is_empty() {
        // Text as written (a text file, Word): its lines are the writer's.
        return out;
    }
    join_wrapped_lines(out, text, structure)
}

/// Lines this wide or narrower (characters, the 90th percentile of a text's
/// lines) are a text wrapped to a page's width; a text written a paragraph a
/// line has far longer lines.
const WRAPPED_WIDTH: usize = 140;
/// A line at least this share of the wrap width ran on to the next line.
const RAN_ON: f64 = 0.8;

/// A PDF's text is wrapped to the page's width, its paragraphs on several
/// lines; the plan as written has each on one. A line that fills the width
/// runs on into the next line of text (unless it ends a sentence), which is
/// joined to it: one line per paragraph, as the segmenter reads a plan.
/// Never joined to a line: a blank line, furniture, a page's first line, a
/// line opened by a marker, an activity or attribute label or a goal
/// heading, a table row, a question or an answer.
fn join_wrapped_lines(lines: Vec<Line>, text: &str, structure: &Structure) -> Vec<Line> {
    let chars = |l: &Line| text[l.trimmed.clone()].chars().count();
    let content = |l: &Line| !l.is_blank() && !l.furniture;
    let mut widths: Vec<usize> = lines.iter().filter(|l| content(l)).map(chars).collect();
    if widths.len() < 10 {
        return lines;
    }
    widths.sort_unstable();
    let width = widths[widths.len() * 9 / 10];
    if width > WRAPPED_WIDTH {
        return lines;
    }
    let full = (width as f64 * RAN_ON).ceil() as usize;
    let row = |l: &Line| text[l.span.clone()].contains('\t');
    // A full line that ends a sentence may as well end its paragraph or
    // item (`… (Inriktningsmål 2)` over the item's description).
    let ran_on = |l: &Line| {
        chars(l) >= full && !text[l.trimmed.clone()].ends_with(['.', '!', '?', ')', ':', ';'])
    };
    let opens_own_line = |l: &Line| {
        let raw = &text[l.trimmed.clone()];
        !content(l)
            || l.page_start
            || l.question
            || l.answer
            || row(l)
            || structure.bullet.is_match(raw)
            || structure
                .activity_label
                .as_ref()
                .is_some_and(|r| r.is_match(&l.folded))
            || structure
                .attributes
                .iter()
                .any(|(r, _)| r.is_match(&l.folded))
            || structure.goal_heading.is_match(&l.folded)
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // Whether the last line kept ends on a line that ran on.
    let mut runs_on = false;
    for l in lines {
        if runs_on
            && !opens_own_line(&l)
            && let Some(last) = out.last_mut()
        {
            last.span.end = l.span.end;
            last.trimmed.end = l.trimmed.end;
            // Folding keeps the number of characters: the line break
            // becomes the space it stands for.
            last.folded = fold(&text[last.trimmed.clone()]).replace('\n', " ");
            runs_on = ran_on(&l);
            continue;
        }
        runs_on = content(&l) && !l.question && !row(&l) && ran_on(&l);
        out.push(l);
    }
    out
}

/// A message quoted in an e-mail reply (every line opened by `>`, some of
/// them `>` alone) is someone else's text, not the plan: furniture. A lone
/// line opened by `>` is no quote: OCR reads bullets so. Blank lines and page
/// furniture may stand between the quoted lines, and a long quoted line may
/// wrap onto lines of its own without the `>` (a PDF of the e-mail).
fn mark_quoted_message(lines: &mut [Line], text: &str) {
    let raw = |l: &Line| &text[l.trimmed.clone()];
    let quoted = |l: &Line| raw(l).starts_with('>');
    // A line that ran on to the next: as long as a full line of prose.
    let ran_on = |l: &Line| raw(l).chars().count() >= 60;
    let mut k = 0;
    while k < lines.len() {
        if !quoted(&lines[k]) {
            k += 1;
            continue;
        }
        let mut members = Vec::new();
        let mut quotes = 0;
        let mut last = k;
        let mut j = k;
        while j < lines.len() {
            let l = &lines[j];
            if quoted(l) {
                quotes += 1;
                members.push(j);
                last = j;
            } else if l.is_blank() || l.furniture {
            } else if j == last + 1 && ran_on(&lines[last]) {
                members.push(j);
                last = j;
            } else {
                break;
            }
            j += 1;
        }
        let empty_quote = members.iter().any(|&m| {
            quoted(&lines[m]) && raw(&lines[m]).trim_start_matches('>').trim().is_empty()
        });
        if quotes >= 3 && empty_quote {
            for &m in &members {
                lines[m].furniture = true;
            }
        }
        k = j.max(k + 1);
    }
}

/// A question a PDF wrapped ("Fråga 4a. Vilka aktiviteter planerar ni för
/// att erbjuda stöd / utifrån den enskildes behov?"): the lines it goes on
/// from are the question too.
fn mark_wrapped_questions(lines: &mut [Line], text: &str) {
    for k in (1..lines.len()).rev() {
        let continues = lines[k].question
            && text[lines[k].trimmed.clone()]
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        let above = &lines[k - 1];
        if continues && !above.is_blank() && !above.furniture && !above.answer {
            lines[k - 1].question = true;
        }
    }
}

/// Plans up to this many pages get running heads matched fuzzily.
const FUZZY_PAGES: usize = 60;

/// Two folded lines that differ only by OCR damage: similar length, and at
/// most a fifth of their characters edited. Short lines must match exactly.
fn near(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la < 12 || lb < 12 || la.abs_diff(lb) * 5 > la.max(lb) {
        return false;
    }
    strsim::normalized_levenshtein(a, b) >= 0.8
}

/// Lines that open or close most pages (running headers and footers) are
/// furniture, whatever their wording. Digits are ignored so "Sida 3" and
/// "Sida 4" count as the same line.
fn mark_running_heads(lines: &mut [Line], text: &str, structure: &Structure) {
    let mut pages: Vec<Vec<usize>> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.page_start || pages.is_empty() {
            pages.push(Vec::new());
        }
        if !l.is_blank()
            && let Some(p) = pages.last_mut()
        {
            p.push(i);
        }
    }
    if pages.len() < 3 {
        return;
    }
    let key = |l: &Line| -> String {
        l.folded
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    // The first two and last two lines of each page, with their keys.
    let edges: Vec<Vec<(usize, String)>> = pages
        .iter()
        .map(|p| {
            p.iter()
                .take(2)
                .chain(p.iter().rev().take(2))
                .map(|&i| (i, key(&lines[i])))
                .collect()
        })
        .collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for edge in &edges {
        let mut seen: Vec<&String> = edge.iter().map(|(_, k)| k).collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *counts.entry(k.clone()).or_default() += 1;
        }
    }
    let threshold = (pages.len() / 2).max(3);
    // OCR damages a running head differently on each page ("Diariennmmer",
    // "Diarienummmer"): in plans of up to FUZZY_PAGES pages, lines that
    // nearly match count together.
    let fuzzy = pages.len() <= FUZZY_PAGES;
    let mut fuzzy_counts: HashMap<String, usize> = HashMap::new();
    let mut pages_with = |k: &str| -> usize {
        let exact = counts.get(k).copied().unwrap_or(0);
        if exact >= threshold || !fuzzy {
            return exact;
        }
        *fuzzy_counts.entry(k.to_owned()).or_insert_with(|| {
            edges
                .iter()
                .filter(|edge| edge.iter().any(|(_, o)| o == k || near(o, k)))
                .count()
        })
    };
    // A table's header row repeated on every page it runs over is the
    // table's, not the page's.
    let table_header = |l: &Line| {
        let raw = &text[l.span.clone()];
        raw.contains('\t')
            && raw
                .split('\t')
                .filter(|c| {
                    let f = fold(c.trim());
                    structure
                        .table_header
                        .iter()
                        .any(|h| h.pattern.is_match(&f))
                })
                .count()
                >= 2
    };
    for (i, k) in edges.iter().flatten() {
        if !k.is_empty()
            && k.chars().count() < 120
            && pages_with(k) >= threshold
            && !table_header(&lines[*i])
        {
            lines[*i].furniture = true;
        }
    }
}
