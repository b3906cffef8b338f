//! `report.html`: one self-contained page an analyst opens in a browser.
//!
//! In: the [`Analysis`]. Out: the bytes of one HTML file with everything inline
//! (styles, script, data); it loads nothing from anywhere. The summary and goal
//! counts come first, then the coverage matrices as heat maps (a click on a cell
//! lists its activities with the words that decided the code), the gaps, the
//! flags and every plan's text with its OCR corrections marked.
//!
//! Every piece of document text goes through [`escape`]; the data the script
//! needs is embedded as JSON with `<`, `>` and `&` written as `\u003c` … so no
//! text of a plan can end the script element. Same analysis, same bytes.

use super::csv_out::cite;
use super::{Analysis, Matrix};
use crate::classify::{Evidence, Place};
use crate::ingest::IngestError;
use crate::pipeline::{AnalysedPlan, CodedActivity};
use crate::taxonomy::Taxonomy;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::io;
use std::ops::Range;

/// Text for HTML element content and attribute values: `& < > " '` escaped;
/// control characters other than tab and line feed dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// JSON that can sit inside a `<script>` element: nothing in it can close the
/// element or open a comment.
fn script_json(v: &Value) -> String {
    script_safe(&serde_json::to_string(v).unwrap_or_else(|_| "{}".into()))
}

/// JSON text made safe for a `<script>` element (see [`script_json`]).
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// `report.html`, written to `out`: the page around the plans' spooled sections.
pub fn write_report_html(analysis: &Analysis<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let mut h = String::with_capacity(256 * 1024);
    let title = format!("Täckningsanalys – {}", analysis.taxonomy.name);
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"plancov {}\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title),
        CSS
    );
    header(&mut h, analysis, &title);
    h.push_str("<main>\n");
    goal_counts(&mut h, analysis);
    charts(&mut h, analysis);
    matrices(&mut h, analysis);
    gaps(&mut h, analysis);
    flags(&mut h, analysis);
    owners(&mut h, analysis);
    h.push_str(
        "<section id=\"planer\">\n<h2>Planer</h2>\n<p class=\"lead\">Texten som klassificeringen läste, sida för sida. \
         <ins class=\"legend\">Lagade ord</ins> är OCR-rättelser (håll muspekaren över dem för originalet); \
         <span class=\"st legend\">understrukna rader</span> är aktiviteter.</p>\n",
    );
    out.write_all(h.as_bytes())?;
    h.clear();
    for p in &analysis.plans {
        analysis.spool.copy_to(p.html, out)?;
    }
    h.push_str("</section>\n");
    h.push_str("</main>\n");
    let _ = writeln!(
        h,
        "<footer>Skapad av plancov {} med taxonomin ”{}”. Siffrorna räknar ägarnas egna aktiviteter; \
         {} aktiviteter och {} räknas aldrig.</footer>",
        env!("CARGO_PKG_VERSION"),
        escape(&analysis.taxonomy.name),
        escape(analysis.taxonomy.city_wide_label()),
        escape(analysis.taxonomy.needs_label())
    );
    h.push_str("<script type=\"application/json\" id=\"plancov-data\">");
    out.write_all(h.as_bytes())?;
    write_data(analysis, out)?;
    let _ = write!(
        out,
        "</script>\n<script>{}</script>\n</body>\n</html>\n",
        JS
    );
    Ok(())
}

pub fn report_html(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write_report_html(analysis, &mut out);
    out
}

fn family_name(analysis: &Analysis<'_>, family: &str) -> String {
    if family == "goal" {
        return "Inriktningsmål".into();
    }
    analysis
        .taxonomy
        .family(family)
        .map_or_else(|| family.to_owned(), |f| f.name.clone())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn header(h: &mut String, analysis: &Analysis<'_>, title: &str) {
    let unreadable = analysis.unreadable();
    let read = analysis.plans.len() - unreadable;
    let own: usize = analysis.owners.iter().map(|o| o.own).sum();
    let _ = write!(
        h,
        "<header>\n<div class=\"wrap\">\n<p class=\"kicker\">plancov · täckningsanalys av handlingsplaner</p>\n<h1>{}</h1>\n<div class=\"stats\">\n",
        escape(title)
    );
    let stat = |h: &mut String, n: usize, label: &str, note: &str, class: &str| {
        let _ = writeln!(
            h,
            "<div class=\"stat{class}\"><b>{n}</b><span>{}</span>{}</div>",
            escape(label),
            if note.is_empty() {
                String::new()
            } else {
                format!("<small>{}</small>", escape(note))
            }
        );
    };
    stat(h, read, "planer lästa", "", "");
    stat(
        h,
        unreadable,
        "oläsbara",
        if unreadable > 0 {
            "se flaggor"
        } else {
            "alla filer kunde läsas"
        },
        if unreadable > 0 { " warn" } else { "" },
    );
    stat(h, analysis.owners.len(), "förvaltningar och bolag", "", "");
    stat(
        h,
        analysis.rows.len(),
        "aktiviteter",
        &format!("varav {own} egna som räknas"),
        "",
    );
    stat(h, analysis.flags.len(), "flaggor", "", "");
    h.push_str("</div>\n");
    if !analysis.owners.is_empty() {
        h.push_str("<p class=\"owners\">");
        let names: Vec<String> = analysis.owners.iter().map(|o| escape(&o.name)).collect();
        h.push_str(&names.join(" · "));
        h.push_str("</p>\n");
    }
    h.push_str(
        "</div>\n<nav><div class=\"wrap\"><a href=\"#mal\">Mål</a><a href=\"#diagram\">Diagram</a><a href=\"#matriser\">Täckning</a>\
         <a href=\"#luckor\">Luckor</a><a href=\"#flaggor\">Flaggor</a><a href=\"#agare\">Ägare</a>\
         <a href=\"#planer\">Planer</a></div></nav>\n</header>\n",
    );
}

fn goal_counts(h: &mut String, analysis: &Analysis<'_>) {
    let total = analysis.owners.len().max(1);
    h.push_str(
        "<section id=\"mal\">\n<h2>Inriktningsmål</h2>\n<p class=\"lead\">Hur många förvaltningar och bolag \
         som har minst en egen aktivitet under varje mål.</p>\n<table class=\"data goals\">\n<thead><tr>\
         <th>Mål</th><th>Namn</th><th class=\"num\">Förvaltningar</th><th class=\"num\">Bolag</th>\
         <th>Täckning</th><th>Vilka</th></tr></thead>\n<tbody>\n",
    );
    for g in &analysis.goal_counts {
        let n = g.departments + g.companies;
        let pct = n * 100 / total;
        let _ = writeln!(
            h,
            "<tr><td class=\"code\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td><span class=\"bar\" title=\"{n} av {total}\"><span style=\"width:{pct}%\"></span></span> \
             <small>{n}/{total}</small></td><td class=\"who\">{}</td></tr>",
            escape(&g.goal),
            escape(&g.name),
            g.departments,
            g.companies,
            if g.owners.is_empty() {
                "<span class=\"muted\">ingen</span>".to_owned()
            } else {
                g.owners
                    .iter()
                    .map(|o| escape(o))
                    .collect::<Vec<_>>()
                    .join(" · ")
            }
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// The figures as inline SVG bar charts (nothing loaded from elsewhere): a
/// bar per goal or code, every bar labelled with its number, a code no one
/// covers drawn as a labelled bar of 0.
fn charts(h: &mut String, analysis: &Analysis<'_>) {
    const LABEL_W: usize = 300;
    const BAR_W: usize = 320;
    const VALUE_W: usize = 90;
    const BAR_H: usize = 14;
    const GAP: usize = 10;
    const COLORS: [&str; 2] = ["#215e96", "#e08a00"];
    let figs = super::figures::figures(analysis);
    h.push_str(
        "<section id=\"diagram\">\n<h2>Diagram</h2>\n<p class=\"lead\">Antal förvaltningar och bolag med minst en egen \
         aktivitet per inriktningsmål och per kod. <b class=\"saknas-text\">Saknas</b>: ingen; <b class=\"svag-text\">svag</b>: en.</p>\n\
         <div class=\"charts\">\n",
    );
    for f in &figs {
        let max = f.max();
        let per_row = f.series.len().max(1);
        let row_h = per_row * BAR_H + GAP;
        let legend_h = if per_row > 1 { 22 } else { 0 };
        let height = legend_h + f.bars.len() * row_h + GAP;
        let width = LABEL_W + BAR_W + VALUE_W;
        let _ = write!(
            h,
            "<figure class=\"chart\" data-key=\"{}\"><figcaption>{}</figcaption>\n\
             <svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">\n",
            escape(&f.key),
            escape(&f.title),
            escape(&f.title)
        );
        if per_row > 1 {
            let mut x = LABEL_W;
            for (i, s) in f.series.iter().enumerate() {
                let _ = write!(
                    h,
                    "<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"14\" class=\"legend\">{}</text>",
                    COLORS[i % COLORS.len()],
                    x + 16,
                    escape(s)
                );
                x += 20 + s.chars().count() * 8;
            }
            h.push('\n');
        }
        for (bi, b) in f.bars.iter().enumerate() {
            let top = legend_h + bi * row_h + GAP / 2;
            let _ = write!(
                h,
                "<g class=\"row s-{}\" data-code=\"{}\" data-total=\"{}\"><title>{}: {}</title>\
                 <text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"end\">{}</text>",
                b.status,
                escape(&b.code),
                b.total(),
                escape(&b.label),
                b.total(),
                LABEL_W - 8,
                top + per_row * BAR_H / 2 + 4,
                escape(&b.short)
            );
            for (i, &v) in b.values.iter().enumerate() {
                let y = top + i * BAR_H;
                let w = v * BAR_W / max;
                let fill = match (per_row, b.status) {
                    (1, "saknas") => "#a4262c",
                    (1, "svag") => "#e0a800",
                    _ => COLORS[i % COLORS.len()],
                };
                let label = if per_row == 1 && b.status == "saknas" {
                    "0 – saknas".to_owned()
                } else {
                    v.to_string()
                };
                let _ = write!(
                    h,
                    "<rect class=\"cbar\" x=\"{LABEL_W}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"{fill}\" data-value=\"{v}\"/>\
                     <text class=\"val\" x=\"{}\" y=\"{}\" data-value=\"{v}\">{}</text>",
                    BAR_H - 2,
                    LABEL_W + w + 6,
                    y + BAR_H - 3,
                    escape(&label)
                );
            }
            h.push_str("</g>\n");
        }
        let _ = write!(
            h,
            "<line x1=\"{LABEL_W}\" y1=\"{legend_h}\" x2=\"{LABEL_W}\" y2=\"{height}\" class=\"axis\"/>\n</svg></figure>\n"
        );
    }
    h.push_str("</div>\n</section>\n");
}

fn owners(h: &mut String, analysis: &Analysis<'_>) {
    let t = analysis.taxonomy;
    let _ = write!(
        h,
        "<section id=\"agare\">\n<h2>Förvaltningar och bolag</h2>\n<div class=\"scroll\"><table class=\"data\">\n<thead><tr>\
         <th>Ägare</th><th>Planer</th><th class=\"num\">Egna aktiviteter</th>\
         <th class=\"num\">med {}</th><th class=\"num\">{}</th>\
         <th class=\"num\">Räknas inte ({})</th><th class=\"num\">Dubbletter</th></tr></thead>\n<tbody>\n",
        escape(&t.focus_family().name.to_lowercase()),
        escape(&super::sv::capitalised(t.city_wide_label())),
        escape(t.needs_label()),
    );
    for o in &analysis.owners {
        let _ = writeln!(
            h,
            "<tr><td>{}{}</td><td class=\"small\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&o.name),
            if o.known {
                ""
            } else {
                " <span class=\"pill warn\" title=\"ägaren hittades inte i texten; filnamnet används\">från filnamn</span>"
            },
            o.plans
                .iter()
                .map(|p| escape(p))
                .collect::<Vec<_>>()
                .join("<br>"),
            o.own,
            o.explicit_focus,
            o.city_wide,
            o.not_counted,
            o.duplicates
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// Background and text colour of a heat-map cell: light to dark blue by count.
fn heat(count: usize, max: usize) -> String {
    const LO: [f64; 3] = [222.0, 235.0, 247.0];
    const HI: [f64; 3] = [33.0, 94.0, 150.0];
    let t = if max <= 1 {
        1.0
    } else {
        (count.saturating_sub(1)) as f64 / (max - 1) as f64
    };
    let c: Vec<String> = (0..3)
        .map(|i| format!("{}", (LO[i] + (HI[i] - LO[i]) * t).round() as u8))
        .collect();
    let fg = if t > 0.45 { "#fff" } else { "#12324a" };
    format!("background:rgb({});color:{fg}", c.join(","))
}

fn matrices(h: &mut String, analysis: &Analysis<'_>) {
    let _ = write!(
        h,
        "<section id=\"matriser\">\n<h2>Täckning</h2>\n<p class=\"lead\">Antal egna aktiviteter per ägare och kod. \
         {} aktiviteter och {} räknas inte. Klicka på en ruta för att se aktiviteterna \
         och orden som gav koden.</p>\n<div class=\"tabs\" role=\"tablist\">\n",
        escape(&super::sv::capitalised(analysis.taxonomy.city_wide_label())),
        escape(analysis.taxonomy.needs_label()),
    );
    for (i, m) in analysis.matrices.iter().enumerate() {
        let _ = writeln!(
            h,
            "<button type=\"button\" role=\"tab\" class=\"tab{}\" data-tab=\"{}\" aria-selected=\"{}\">{}</button>",
            if i == 0 { " on" } else { "" },
            escape(&m.family),
            i == 0,
            escape(&family_name(analysis, &m.family))
        );
    }
    h.push_str("</div>\n");
    for m in &analysis.matrices {
        matrix(h, analysis, m);
    }
    h.push_str("</section>\n");
}

fn matrix(h: &mut String, analysis: &Analysis<'_>, m: &Matrix) {
    let fam = escape(&m.family);
    let max = m.counts.iter().flatten().copied().max().unwrap_or(0);
    let _ = write!(
        h,
        "<div class=\"matrix\" id=\"matrix-{fam}\" data-family=\"{fam}\">\n<h3>{}</h3>\n<div class=\"scroll\">\n\
         <table class=\"heat\">\n<thead><tr><th class=\"owner\">Ägare</th>",
        escape(&family_name(analysis, &m.family))
    );
    for (code, name) in m.codes.iter().zip(&m.names) {
        if m.family == "goal" {
            let _ = write!(
                h,
                "<th title=\"{}\"><span class=\"gno\">Mål {}</span><span class=\"cname\">{}</span></th>",
                escape(name),
                escape(code),
                escape(name)
            );
        } else {
            let _ = write!(
                h,
                "<th title=\"{}\"><span class=\"cname\">{}</span></th>",
                escape(code),
                escape(name)
            );
        }
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (oi, (owner, counts)) in m.owners.iter().zip(&m.counts).enumerate() {
        let _ = write!(h, "<tr><th class=\"owner\">{}</th>", escape(owner));
        for (ci, &n) in counts.iter().enumerate() {
            let code = m.codes.get(ci).map_or("", String::as_str);
            if n == 0 {
                let _ = write!(
                    h,
                    "<td class=\"zero\" data-family=\"{fam}\" data-code=\"{}\" data-owner=\"{}\" data-count=\"0\">·</td>",
                    escape(code),
                    escape(owner)
                );
            } else {
                let _ = write!(
                    h,
                    "<td><button type=\"button\" class=\"cell\" style=\"{}\" data-family=\"{fam}\" data-code=\"{}\" \
                     data-owner=\"{}\" data-oi=\"{oi}\" data-ci=\"{ci}\" data-count=\"{n}\" \
                     title=\"{}: {}\">{n}</button></td>",
                    heat(n, max),
                    escape(code),
                    escape(owner),
                    escape(owner),
                    escape(m.names.get(ci).map_or("", String::as_str))
                );
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n<tfoot><tr><th class=\"owner\">Ägare med minst en</th>");
    for n in &m.owners_with_any {
        let class = match n {
            0 => "saknas",
            1 => "svag",
            _ => "ok",
        };
        let _ = write!(h, "<td><span class=\"any {class}\">{n}</span></td>");
    }
    let _ = write!(
        h,
        "</tr></tfoot>\n</table>\n</div>\n<div class=\"detail\" id=\"detail-{fam}\" hidden></div>\n</div>\n"
    );
}

fn status_label(status: &str) -> &str {
    match status {
        "saknas" => "saknas",
        "svag" => "svag (en ägare)",
        "ok" => "ok",
        other => other,
    }
}

fn gaps(h: &mut String, analysis: &Analysis<'_>) {
    h.push_str(
        "<section id=\"luckor\">\n<h2>Luckor</h2>\n<p class=\"lead\">Koder som ingen (<b>saknas</b>) eller bara \
         en ägare (<b>svag</b>) täcker med egna aktiviteter, och var koden ändå nämns utan att räknas.</p>\n\
         <div class=\"scroll\"><table class=\"data gaps\">\n<thead><tr><th>Familj / kod</th><th class=\"num\">Ägare</th>\
         <th>Status</th><th>Vilka</th><th>Nämns bara i</th></tr></thead>\n<tbody>\n",
    );
    let mut family = "";
    for g in &analysis.gaps {
        if g.family != family {
            family = &g.family;
            let _ = writeln!(
                h,
                "<tr class=\"family\" data-family=\"{}\"><th colspan=\"5\">{}</th></tr>",
                escape(&g.family),
                escape(&family_name(analysis, &g.family))
            );
        }
        let _ = writeln!(
            h,
            "<tr class=\"gap-{}\" data-family=\"{}\" data-code=\"{}\"><td>{}</td><td class=\"num\">{}</td>\
             <td><span class=\"pill {}\">{}</span></td><td class=\"who\">{}</td><td class=\"who\">{}</td></tr>",
            escape(&g.status),
            escape(&g.family),
            escape(&g.code),
            escape(&g.name),
            g.departments,
            escape(&g.status),
            escape(status_label(&g.status)),
            g.owners
                .iter()
                .map(|o| escape(o))
                .collect::<Vec<_>>()
                .join(" · "),
            g.mentioned_only_in
                .iter()
                .map(|o| escape(o))
                .collect::<Vec<_>>()
                .join("<br>")
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn flags(h: &mut String, analysis: &Analysis<'_>) {
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for f in &analysis.flags {
        match kinds.iter_mut().find(|(k, _)| *k == f.kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((&f.kind, 1)),
        }
    }
    kinds.sort();
    let _ = write!(
        h,
        "<section id=\"flaggor\">\n<h2>Flaggor</h2>\n<p class=\"lead\">Det som en analytiker bör titta på: \
         oläsbara filer, planer utan struktur, aktiviteter utan tydligt fokus.</p>\n\
         <label class=\"filter\">Visa <select id=\"flag-filter\"><option value=\"\">alla ({})</option>",
        analysis.flags.len()
    );
    for (k, n) in &kinds {
        let _ = write!(
            h,
            "<option value=\"{}\">{} ({n})</option>",
            escape(k),
            escape(k)
        );
    }
    h.push_str(
        "</select></label>\n<table class=\"data\" id=\"flags\">\n<thead><tr><th>Plan</th><th>Ägare</th><th>Typ</th>\
         <th>Detalj</th></tr></thead>\n<tbody>\n",
    );
    for f in &analysis.flags {
        let _ = writeln!(
            h,
            "<tr data-kind=\"{}\"><td class=\"small\">{}</td><td>{}</td><td><span class=\"pill flag\" title=\"{}\">{}</span></td>\
             <td>{}</td></tr>",
            escape(&f.kind),
            f.plan
                .split(';')
                .map(escape)
                .collect::<Vec<_>>()
                .join("<br>"),
            escape(&f.owner),
            escape(super::flag_kind(&f.kind).1),
            escape(&f.kind),
            escape(&f.detail)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn floor_boundary(s: &str, pos: usize) -> usize {
    let mut p = pos.min(s.len());
    while p > 0 && !s.is_char_boundary(p) {
        p -= 1;
    }
    p
}

/// The section of a plan that could not be read.
pub fn failed_plan_section(pi: usize, name: &str, e: &IngestError) -> String {
    format!(
        "<details class=\"plan bad\" id=\"plan-{pi}\"><summary><span class=\"pname\">{}</span> \
         <span class=\"pill saknas\">oläsbar</span> <span class=\"muted\">{}</span></summary></details>\n",
        escape(name),
        escape(&e.to_string())
    )
}

/// The section of plan `pi`, read: its pages and text; `labels` are its pages' labels.
pub fn plan_section(pi: usize, name: &str, p: &AnalysedPlan, labels: &[&'static str]) -> String {
    let mut s = String::with_capacity(p.text.len() * 5 / 4 + 1024);
    let h = &mut s;
    let _ = write!(
        h,
        "<details class=\"plan\" id=\"plan-{pi}\"><summary><span class=\"pname\">{}</span> \
         <span class=\"muted\">{} · {} · {} · {}</span>{}</summary>\n<div class=\"pbody\">\n<p class=\"pages\">",
        escape(name),
        escape(&p.owner.name),
        escape(&p.ingested.format.to_string()),
        plural(p.ingested.pages.len(), "sida", "sidor"),
        plural(p.activities.len(), "aktivitet", "aktiviteter"),
        if p.corrections.is_empty() {
            String::new()
        } else {
            format!(
                " <span class=\"pill svag\">{}</span>",
                plural(p.corrections.len(), "OCR-rättelse", "OCR-rättelser")
            )
        }
    );
    for (pg, label) in p.ingested.pages.iter().zip(labels) {
        let _ = write!(
            h,
            "<a class=\"pg pg-{label}\" href=\"#plan-{pi}-s{}\">s. {} <small>{label}</small></a>",
            pg.number, pg.number
        );
    }
    h.push_str("</p>\n<div class=\"plantext\">");
    plan_text(h, pi, p, labels);
    h.push_str("</div>\n</div>\n</details>\n");
    s
}

/// The plan's (repaired) text page by page, corrections as `<ins>`, activity
/// statements underlined with an anchor at each statement's start.
fn plan_text(h: &mut String, pi: usize, p: &AnalysedPlan, labels: &[&'static str]) {
    let text = p.text.as_str();
    let len = text.len();
    // Page starts in the text.
    let mut pages: Vec<(usize, u32, &'static str)> = p
        .ingested
        .pages
        .iter()
        .zip(labels)
        .map(|(pg, &label)| {
            (
                floor_boundary(text, p.text.position_of_origin(pg.start)),
                pg.number,
                label,
            )
        })
        .collect();
    if let Some(first) = pages.first_mut() {
        first.0 = 0;
    }
    if pages.is_empty() {
        pages.push((0, 1, "text"));
    }
    // Corrections located in the text: all replacement bytes map to the source start.
    let mut located: Vec<(Range<usize>, String)> = p
        .corrections
        .iter()
        .map(|c| {
            let s = floor_boundary(text, p.text.position_of_origin(c.span.start));
            let e = floor_boundary(text, p.text.position_of_origin(c.span.end));
            (s..e, format!("original: {} – {}", c.original, c.reason))
        })
        .filter(|(r, _)| r.start < r.end)
        .collect();
    located.sort_by_key(|(r, _)| (r.start, r.end));
    let mut fixes: Vec<(Range<usize>, String)> = Vec::with_capacity(located.len());
    for (r, title) in located {
        if fixes.last().is_none_or(|(last, _)| last.end <= r.start) {
            fixes.push((r, title));
        }
    }
    // Statement pieces (merged) and anchors.
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut anchors: Vec<(usize, String)> = Vec::new();
    for a in &p.activities {
        if let Some(first) = a.activity.statement.first() {
            anchors.push((floor_boundary(text, first.start), anchor_id(pi, a)));
        }
        for r in &a.activity.statement {
            let s = floor_boundary(text, r.start);
            let e = floor_boundary(text, r.end);
            if s < e {
                pieces.push(s..e);
            }
        }
    }
    pieces.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in pieces {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    anchors.sort();
    let mut cuts: Vec<usize> = vec![0, len];
    cuts.extend(pages.iter().map(|x| x.0));
    cuts.extend(fixes.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.extend(merged.iter().flat_map(|r| [r.start, r.end]));
    cuts.extend(anchors.iter().map(|a| a.0));
    cuts.retain(|&c| c <= len);
    cuts.sort_unstable();
    cuts.dedup();
    let (mut fi, mut mi, mut ai, mut page_i) = (0, 0, 0, 0);
    let mut open_page = false;
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        while page_i < pages.len() && pages[page_i].0 <= s {
            if open_page {
                h.push_str("</pre></div>");
            }
            let (_, number, label) = pages[page_i];
            let _ = write!(
                h,
                "<div class=\"page\" id=\"plan-{pi}-s{number}\"><div class=\"pagehead\">Sida {number} \
                 <span class=\"pill pg-{label}\">{label}</span></div><pre>"
            );
            open_page = true;
            page_i += 1;
        }
        while ai < anchors.len() && anchors[ai].0 <= s {
            let _ = write!(
                h,
                "<span class=\"anchor\" id=\"{}\"></span>",
                escape(&anchors[ai].1)
            );
            ai += 1;
        }
        while fi < fixes.len() && fixes[fi].0.end <= s {
            fi += 1;
        }
        while mi < merged.len() && merged[mi].end <= s {
            mi += 1;
        }
        let Some(chunk) = text.get(s..e) else {
            continue;
        };
        let in_fix = fixes.get(fi).filter(|(r, _)| r.start <= s);
        let in_statement = merged.get(mi).is_some_and(|r| r.start <= s);
        if in_statement {
            h.push_str("<span class=\"st\">");
        }
        match in_fix {
            Some((_, title)) => {
                let _ = write!(
                    h,
                    "<ins data-fix=\"{fi}\" title=\"{}\">{}</ins>",
                    escape(title),
                    escape(chunk)
                );
            }
            None => h.push_str(&escape(chunk)),
        }
        if in_statement {
            h.push_str("</span>");
        }
    }
    if !open_page {
        h.push_str("<div class=\"page\"><pre>");
    }
    h.push_str("</pre></div>");
}

fn anchor_id(pi: usize, a: &CodedActivity) -> String {
    format!("p{pi}-{}", a.id)
}

/// An activity's statement or description as one line of text, with a map
/// from byte positions of the plan text to positions in that line.
struct Joined {
    text: String,
    /// (position in the plan text, position in `text`, length, UTF-16
    /// position in `text`) per word, in order.
    words: Vec<(usize, usize, usize, usize)>,
}

impl Joined {
    fn new(text: &str, pieces: &[Range<usize>]) -> Self {
        let mut out = String::new();
        let mut words = Vec::new();
        let mut utf16 = 0;
        for p in pieces {
            let Some(piece) = text.get(p.clone()) else {
                continue;
            };
            let base = piece.as_ptr() as usize;
            for w in piece.split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                    utf16 += 1;
                }
                let at = p.start + (w.as_ptr() as usize - base);
                words.push((at, out.len(), w.len(), utf16));
                out.push_str(w);
                utf16 += w.encode_utf16().count();
            }
        }
        Joined { text: out, words }
    }

    /// The UTF-16 range (as JavaScript counts) of plan-text `span` in the line.
    /// Words are in order, so both ends are found by binary search and counted
    /// from their word's start: a long activity with many hits stays linear.
    fn utf16_range(&self, span: &Range<usize>) -> Option<(usize, usize)> {
        let first = self
            .words
            .partition_point(|&(t, _, l, _)| t + l <= span.start);
        let last = self
            .words
            .partition_point(|&(t, _, _, _)| t < span.end)
            .checked_sub(1)?;
        let &(t0, o0, _, u0) = self.words.get(first)?;
        let &(t1, o1, l1, u1) = self.words.get(last)?;
        let start = floor_boundary(&self.text, o0 + span.start.saturating_sub(t0)).max(o0);
        let end = floor_boundary(&self.text, o1 + (span.end - t1).min(l1)).max(o1);
        if start >= end {
            return None;
        }
        let u16_at = |word_at: usize, word_u16: usize, b: usize| {
            word_u16
                + self
                    .text
                    .get(word_at..b)
                    .map_or(0, |s| s.encode_utf16().count())
        };
        Some((u16_at(o0, u0, start), u16_at(o1, u1, end)))
    }
}

fn place_name(place: Place) -> &'static str {
    match place {
        Place::Statement => "aktiviteten",
        Place::Description => "beskrivningen",
        Place::Context => "målrubrikens sammanhang",
        Place::Narrative => "berättelsen",
        Place::Rubrik => "rubriken",
        Place::Default => "standardvärde",
        Place::Manual => "analytikerns rättelse",
    }
}

fn evidence_json(
    p: &AnalysedPlan,
    e: &Evidence,
    statement: &Joined,
    description: &Joined,
) -> Value {
    let (page, offset) = cite(p, e.span.start);
    let (zone, range) = match e.place {
        Place::Statement => ("s", statement.utf16_range(&e.span)),
        Place::Description => ("d", description.utf16_range(&e.span)),
        _ => ("", None),
    };
    let mut v = json!({
        "f": e.family,
        "c": e.code,
        "rule": e.rule,
        "m": e.matched,
        "place": place_name(e.place),
        "page": page,
        "off": offset,
    });
    if let (Some((a, b)), Some(obj)) = (range, v.as_object_mut()) {
        obj.insert("z".into(), json!(zone));
        obj.insert("a".into(), json!(a));
        obj.insert("b".into(), json!(b));
    }
    v
}

/// How the activity got its goal, in words.
fn goal_reason(p: &AnalysedPlan, a: &CodedActivity) -> String {
    if a.activity.goal_inferred {
        return "målet är härlett ur innehållet (ingen målrubrik ovanför aktiviteten)".into();
    }
    let start = a.activity.statement.first().map_or(0, |r| r.start);
    let heading = p
        .goals
        .iter()
        .rfind(|g| g.goal == a.activity.goal && g.heading.start <= start);
    match heading {
        Some(g) => {
            let line = p
                .text
                .as_str()
                .get(g.heading.clone())
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let line: String = line.chars().take(160).collect();
            format!(
                "under målrubriken ”{line}” (s. {}){}",
                cite(p, g.heading.start).0,
                if g.by_wording {
                    ", igenkänd på ordalydelsen"
                } else {
                    ""
                }
            )
        }
        None => format!("inriktningsmål {}", a.activity.goal),
    }
}

/// The entry of activity `a` of plan `pi` in the script's data, without
/// `also` (known only when the batch is aggregated), made safe for the script.
pub fn act_entry(
    pi: usize,
    plan_name: &str,
    owner: &str,
    p: &AnalysedPlan,
    a: &CodedActivity,
    taxonomy: &Taxonomy,
) -> String {
    let text = p.text.as_str();
    let statement = Joined::new(text, &a.activity.statement);
    let description = Joined::new(text, &a.activity.description);
    let (page, offset) = a
        .activity
        .statement
        .first()
        .map_or((1, 0), |r| cite(p, r.start));
    let rubrik = taxonomy
        .rubrik(&a.activity.rubrik)
        .map_or_else(|| a.activity.rubrik.clone(), |r| r.name.clone());
    let status = a.activity.status.as_deref().map(|s| {
        taxonomy
            .status(s)
            .map_or_else(|| s.to_owned(), |st| st.name.clone())
    });
    let evidence: Vec<Value> = a
        .coded
        .evidence
        .iter()
        .map(|e| evidence_json(p, e, &statement, &description))
        .collect();
    script_json(&json!({
        "plan": plan_name,
        "owner": owner,
        "anchor": anchor_id(pi, a),
        "page": page,
        "off": offset,
        "goal": a.activity.goal,
        "rubrik": rubrik,
        "status": status,
        "s": statement.text,
        "d": description.text,
        "gr": goal_reason(p, a),
        "ev": evidence,
        "rv": a.coded.review,
    }))
}

/// What the script needs: the matrices' cell ids and every activity with its
/// evidence (`{"acts":{id:…},"matrices":{family:…}}`, keys sorted).
fn write_data(analysis: &Analysis<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let mut matrices = Map::new();
    for m in &analysis.matrices {
        matrices.insert(
            m.family.clone(),
            json!({
                "name": family_name(analysis, &m.family),
                "owners": m.owners,
                "codes": m.codes,
                "names": m.names,
                "ids": m.ids,
            }),
        );
    }
    // The first row of each id, in id order.
    let mut acts: std::collections::BTreeMap<&str, &super::Row> = std::collections::BTreeMap::new();
    for row in &analysis.rows {
        acts.entry(analysis.activity(row).id.as_str())
            .or_insert(row);
    }
    out.write_all(b"{\"acts\":{")?;
    for (i, (id, row)) in acts.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let entry = analysis.spool.get(analysis.activity(row).html)?;
        let key = script_json(&json!(id));
        let also = script_json(&json!(row.also_in));
        write!(out, "{key}:{{\"also\":{also},")?;
        out.write_all(entry.get(1..).unwrap_or_default())?;
    }
    write!(
        out,
        "}},\"matrices\":{}}}",
        script_json(&Value::Object(matrices))
    )
}

const CSS: &str = r#"
:root{--bg:#f5f6f8;--card:#fff;--ink:#1d2733;--muted:#667585;--line:#dfe3e8;--accent:#215e96;
--ok:#2e7d4f;--ok-bg:#e3f2e8;--svag:#8a5a00;--svag-bg:#fcf0d4;--saknas:#a4262c;--saknas-bg:#fbe3e4;}
*{box-sizing:border-box}
html{scroll-padding-top:3.5rem}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap,main{max-width:1240px;margin:0 auto;padding:0 1.5rem}
header{background:var(--card);border-bottom:1px solid var(--line)}
header .wrap{padding-top:1.4rem;padding-bottom:1rem}
.kicker{margin:0;color:var(--muted);font-size:.8rem;letter-spacing:.06em;text-transform:uppercase}
h1{margin:.2rem 0 1rem;font-size:1.7rem;font-weight:600;letter-spacing:-.01em}
h2{font-size:1.3rem;font-weight:600;margin:0 0 .3rem}
h3{font-size:1.05rem;font-weight:600;margin:1rem 0 .5rem}
.stats{display:flex;flex-wrap:wrap;gap:.75rem}
.stat{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:.55rem .9rem;min-width:9.5rem}
.stat b{display:block;font-size:1.55rem;font-weight:600;line-height:1.2;font-variant-numeric:tabular-nums}
.stat span{color:var(--muted);font-size:.85rem}
.stat small{display:block;color:var(--muted);font-size:.75rem}
.stat.warn{background:var(--svag-bg);border-color:#efd9a3}
.owners{margin:.8rem 0 0;color:var(--muted);font-size:.85rem}
nav{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.96);border-top:1px solid var(--line);backdrop-filter:blur(4px)}
header nav{position:static}
nav .wrap{display:flex;gap:1.4rem;padding-top:.5rem;padding-bottom:.5rem}
nav a{color:var(--accent);text-decoration:none;font-size:.9rem}
nav a:hover{text-decoration:underline}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.2rem 1.4rem;margin:1.2rem 0}
.lead{margin:0 0 .9rem;color:var(--muted);max-width:52rem}
table.data{border-collapse:collapse;width:100%;font-size:.9rem}
table.data th{text-align:left;font-weight:600;color:var(--muted);font-size:.8rem;border-bottom:2px solid var(--line);padding:.4rem .6rem}
table.data td{border-bottom:1px solid var(--line);padding:.45rem .6rem;vertical-align:top}
table.data tbody tr:hover{background:#fafbfc}
table.data th.num{white-space:normal}
table.gaps tr.family th{background:#f3f5f8;color:var(--ink);font-size:.85rem;border-bottom:1px solid var(--line);padding:.35rem .6rem}
table.gaps tr.family:hover{background:none}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.code{font-weight:600;white-space:nowrap}
.small,.who{font-size:.82rem}
.who{color:#3a4756}
.muted{color:var(--muted)}
.goals td:nth-child(2){width:30%}
.goals td:nth-child(5){white-space:nowrap}
.bar{display:inline-block;width:6rem;height:.55rem;background:#e8ecf1;border-radius:4px;vertical-align:middle;overflow:hidden}
.bar span{display:block;height:100%;background:var(--accent);border-radius:4px}
.pill{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.78rem;white-space:nowrap;background:#edf0f3;color:#3a4756}
.pill.ok{background:var(--ok-bg);color:var(--ok)}
.pill.svag,.pill.warn{background:var(--svag-bg);color:var(--svag)}
.pill.saknas{background:var(--saknas-bg);color:var(--saknas)}
.pill.flag{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.74rem}
tr.gap-saknas td:first-child{box-shadow:inset 3px 0 var(--saknas)}
tr.gap-svag td:first-child{box-shadow:inset 3px 0 #e0a800}
.tabs{display:flex;flex-wrap:wrap;gap:.3rem;border-bottom:1px solid var(--line);margin-bottom:.4rem}
.tab{font:inherit;font-size:.9rem;background:none;border:0;border-bottom:2px solid transparent;padding:.45rem .8rem;color:var(--muted);cursor:pointer}
.tab:hover{color:var(--ink)}
.tab.on{color:var(--accent);border-bottom-color:var(--accent);font-weight:600}
.js .matrix:not(.on){display:none}
.js .matrix h3{display:none}
.scroll{overflow-x:auto}
table.heat{border-collapse:separate;border-spacing:3px;font-size:.88rem}
table.heat thead th{font-weight:500;font-size:.78rem;color:#3a4756;vertical-align:bottom;text-align:center;width:8.5rem;min-width:6.5rem;padding:.2rem .3rem;line-height:1.25}
table.heat .gno{display:block;font-weight:600;color:var(--ink);font-size:.85rem}
table.heat th.owner{text-align:left;font-weight:500;min-width:15rem;max-width:22rem;padding:.2rem .6rem .2rem 0}
table.heat thead th.owner{vertical-align:bottom;font-size:.78rem;color:var(--muted)}
table.heat td{padding:0;height:2.3rem;text-align:center}
table.heat td.zero{color:#b7c0ca;background:#f7f8fa;border-radius:5px}
button.cell{font:inherit;font-weight:600;width:100%;height:100%;min-height:2.3rem;border:0;border-radius:5px;cursor:pointer;font-variant-numeric:tabular-nums}
button.cell:hover{outline:2px solid #0f3a5e;outline-offset:-2px}
button.cell:focus-visible{outline:3px solid #f0b400;outline-offset:1px}
button.cell.selected{outline:3px solid #f0b400;outline-offset:1px}
table.heat tfoot th{font-size:.8rem;color:var(--muted);font-weight:500;border-top:1px solid var(--line);padding-top:.4rem}
table.heat tfoot td{border-top:1px solid var(--line);padding-top:.3rem}
.any{display:inline-block;min-width:2rem;padding:.05rem .4rem;border-radius:999px;font-weight:600;font-size:.82rem}
.any.ok{background:var(--ok-bg);color:var(--ok)}
.any.svag{background:var(--svag-bg);color:var(--svag)}
.any.saknas{background:var(--saknas-bg);color:var(--saknas)}
.detail{margin-top:1rem;border:1px solid var(--line);border-left:4px solid #f0b400;border-radius:8px;padding:.9rem 1.1rem;background:#fffdf6}
.detail-head{display:flex;align-items:baseline;gap:.8rem;flex-wrap:wrap}
.detail-head h4{margin:0;font-size:1rem;font-weight:600}
.detail-head .count{color:var(--muted);font-size:.88rem}
.detail-head .close{margin-left:auto;font:inherit;font-size:.85rem;background:none;border:1px solid var(--line);border-radius:6px;padding:.15rem .6rem;cursor:pointer;color:var(--muted)}
ol.acts{margin:.7rem 0 0;padding-left:1.4rem}
ol.acts li{margin:0 0 .9rem;padding-left:.2rem}
.meta{display:flex;flex-wrap:wrap;gap:.35rem .8rem;font-size:.8rem;color:var(--muted);align-items:baseline}
.meta a.aid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem;color:var(--accent)}
p.stmt{margin:.2rem 0;font-size:.95rem}
p.desc{margin:.1rem 0;font-size:.85rem;color:#3a4756}
mark{background:#ffe58a;color:inherit;border-radius:2px;padding:0 .1em}
ul.why{margin:.2rem 0 0;padding-left:1.1rem;font-size:.8rem;color:var(--muted)}
ul.why code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.78rem;background:#eef1f4;border-radius:3px;padding:0 .25em;color:var(--ink)}
.filter{display:inline-block;margin-bottom:.6rem;font-size:.88rem;color:var(--muted)}
.granska{color:#8a5a00;font-weight:600}
.filter select{font:inherit;margin-left:.3rem;padding:.15rem .3rem}
details.plan{border-top:1px solid var(--line)}
details.plan:first-of-type{border-top:0}
details.plan summary{cursor:pointer;padding:.55rem 0;list-style-position:outside}
details.plan summary:hover .pname{color:var(--accent)}
.pname{font-weight:600}
.pbody{padding:0 0 1rem}
p.pages{display:flex;flex-wrap:wrap;gap:.3rem;margin:.2rem 0 .6rem}
a.pg{font-size:.78rem;text-decoration:none;color:#3a4756;background:#edf0f3;border-radius:5px;padding:.05rem .45rem}
a.pg small{color:var(--muted)}
.pg-garbled,a.pg.pg-garbled{background:var(--svag-bg);color:var(--svag)}
.pg-image_only,.pg-empty,a.pg.pg-image_only,a.pg.pg-empty{background:var(--saknas-bg);color:var(--saknas)}
.plantext{max-height:42rem;overflow:auto;border:1px solid var(--line);border-radius:8px;background:#fbfcfd}
.page{border-bottom:1px dashed var(--line)}
.pagehead{position:sticky;top:0;background:#eef1f4;font-size:.78rem;color:var(--muted);padding:.2rem .8rem}
.plantext pre{margin:0;padding:.6rem .9rem;white-space:pre-wrap;word-wrap:break-word;font:13px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#2b3642}
ins{text-decoration:none;background:#dcefe2;border-bottom:1px solid var(--ok);cursor:help}
ins.legend{cursor:default}
.st{text-decoration:underline;text-decoration-color:#9bb8d3;text-underline-offset:3px}
.anchor{scroll-margin-top:3rem}
.flash{background:#ffe58a;transition:background .6s}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:1rem 1.5rem}
figure.chart{margin:0;overflow-x:auto}
figure.chart figcaption{font-size:.9rem;font-weight:600;margin:0 0 .3rem}
svg.chart{display:block;max-width:100%;height:auto;font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg.chart text{fill:#1d2733}
svg.chart text.val{font-variant-numeric:tabular-nums}
svg.chart .s-saknas text.val{fill:var(--saknas);font-weight:600}
svg.chart .s-saknas text.label{fill:var(--saknas)}
svg.chart line.axis{stroke:#9aa5b1;stroke-width:1}
.saknas-text{color:var(--saknas)}
.svag-text{color:var(--svag)}
footer{max-width:1240px;margin:0 auto;padding:0 1.5rem 2rem;color:var(--muted);font-size:.8rem}
@media print{nav,.tabs,.detail{display:none}.js .matrix:not(.on){display:block}.js .matrix h3{display:block}section{break-inside:avoid-page}}
"#;

const JS: &str = r#"
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var D = JSON.parse(document.getElementById('plancov-data').textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function marked(s, ranges) {
    var frag = document.createDocumentFragment();
    var rs = ranges.slice().sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var at = 0;
    rs.forEach(function (r) {
      var a = Math.max(r[0], at), b = Math.min(r[1], s.length);
      if (b <= a) return;
      if (a > at) frag.appendChild(document.createTextNode(s.slice(at, a)));
      frag.appendChild(el('mark', null, s.slice(a, b)));
      at = b;
    });
    if (at < s.length) frag.appendChild(document.createTextNode(s.slice(at)));
    return frag;
  }
  function showTab(family) {
    document.querySelectorAll('.tab').forEach(function (t) {
      var on = t.getAttribute('data-tab') === family;
      t.classList.toggle('on', on);
      t.setAttribute('aria-selected', on ? 'true' : 'false');
    });
    document.querySelectorAll('.matrix').forEach(function (m) {
      m.classList.toggle('on', m.getAttribute('data-family') === family);
    });
  }
  function openAnchor(id) {
    var target = document.getElementById(id);
    if (!target) return false;
    var d = target.closest('details');
    if (d) d.open = true;
    var lit = target.classList.contains('anchor') ? target.nextElementSibling || target : target;
    lit.scrollIntoView({ block: 'center' });
    var lines = [lit];
    for (var n = lit.nextElementSibling; n && n.classList.contains('st') && lines.length < 40; n = n.nextElementSibling) {
      lines.push(n);
    }
    lines.forEach(function (l) {
      if (l.classList.contains('anchor')) return;
      l.classList.add('flash');
      setTimeout(function () { l.classList.remove('flash'); }, 2500);
    });
    return true;
  }
  function activityItem(id, a, family, code) {
    var li = el('li');
    li.setAttribute('data-activity-id', id);
    var meta = el('div', 'meta');
    var link = el('a', 'aid', id);
    link.href = '#' + encodeURIComponent(a.anchor);
    link.title = 'Visa i planens text';
    link.addEventListener('click', function (ev) {
      if (openAnchor(a.anchor)) ev.preventDefault();
    });
    meta.appendChild(link);
    meta.appendChild(el('span', null, a.plan));
    meta.appendChild(el('span', null, 's. ' + a.page + ', tecken ' + a.off));
    meta.appendChild(el('span', null, a.rubrik));
    if (a.status) meta.appendChild(el('span', null, a.status));
    if (a.also && a.also.length) meta.appendChild(el('span', null, 'även i ' + a.also.join(', ')));
    if (a.rv && a.rv.length) {
      li.classList.add('review');
      meta.appendChild(el('span', 'granska', 'granska'));
    }
    li.appendChild(meta);
    var ev = (a.ev || []).filter(function (e) { return e.f === family && e.c === code; });
    var inS = [], inD = [];
    ev.forEach(function (e) {
      if (e.z === 's') inS.push([e.a, e.b]);
      if (e.z === 'd') inD.push([e.a, e.b]);
    });
    var p = el('p', 'stmt');
    p.appendChild(marked(a.s, inS));
    li.appendChild(p);
    if (a.d && a.d.length) {
      var d = el('p', 'desc');
      d.appendChild(marked(a.d.length > 600 && !inD.length ? a.d.slice(0, 600) + ' …' : a.d, inD));
      li.appendChild(d);
    }
    var why = el('ul', 'why');
    if (family === 'goal') {
      why.appendChild(el('li', null, a.gr));
    }
    ev.forEach(function (e) {
      var item = el('li');
      item.appendChild(document.createTextNode('Regel '));
      item.appendChild(el('code', null, e.rule));
      if (e.m) {
        item.appendChild(document.createTextNode(' – ”' + e.m + '” i ' + e.place + ', s. ' + e.page + ', tecken ' + e.off));
      } else {
        item.appendChild(document.createTextNode(' – ' + e.place));
      }
      why.appendChild(item);
    });
    (a.rv || []).forEach(function (r) { why.appendChild(el('li', 'granska', 'Granska: ' + r)); });
    if (why.childNodes.length) li.appendChild(why);
    return li;
  }
  function showCell(btn) {
    var family = btn.getAttribute('data-family');
    var m = D.matrices[family];
    if (!m) return;
    var oi = Number(btn.getAttribute('data-oi')), ci = Number(btn.getAttribute('data-ci'));
    var ids = (m.ids[oi] || [])[ci] || [];
    var box = btn.closest('.matrix');
    box.querySelectorAll('button.cell.selected').forEach(function (b) { b.classList.remove('selected'); });
    btn.classList.add('selected');
    var panel = box.querySelector('.detail');
    panel.replaceChildren();
    var head = el('div', 'detail-head');
    head.appendChild(el('h4', null, m.owners[oi] + ' · ' + m.names[ci]));
    head.appendChild(el('span', 'count', ids.length + (ids.length === 1 ? ' aktivitet' : ' aktiviteter')));
    var only = el('label', 'filter');
    var cb = el('input');
    cb.type = 'checkbox';
    cb.className = 'only-review';
    only.appendChild(cb);
    only.appendChild(document.createTextNode(' bara att granska'));
    cb.addEventListener('change', function () {
      panel.querySelectorAll('ol.acts > li').forEach(function (li) {
        li.hidden = cb.checked && !li.classList.contains('review');
      });
    });
    head.appendChild(only);
    var close = el('button', 'close', 'Stäng');
    close.type = 'button';
    close.addEventListener('click', function () {
      panel.hidden = true;
      btn.classList.remove('selected');
      btn.focus();
    });
    head.appendChild(close);
    panel.appendChild(head);
    var list = el('ol', 'acts');
    ids.forEach(function (id) {
      var a = D.acts[id];
      if (a) list.appendChild(activityItem(id, a, family, m.codes[ci]));
    });
    panel.appendChild(list);
    panel.hidden = false;
    panel.scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var cell = t.closest('button.cell');
    if (cell) { showCell(cell); return; }
    var tab = t.closest('.tab');
    if (tab) { showTab(tab.getAttribute('data-tab')); return; }
    var pg = t.closest('a.pg');
    if (pg) {
      var id = decodeURIComponent(pg.getAttribute('href').slice(1));
      if (openAnchor(id)) ev.preventDefault();
    }
  });
  var filter = document.getElementById('flag-filter');
  if (filter) {
    filter.addEventListener('change', function () {
      var k = filter.value;
      document.querySelectorAll('#flags tbody tr').forEach(function (tr) {
        tr.hidden = !!k && tr.getAttribute('data-kind') !== k;
      });
    });
  }
  var first = document.querySelector('.tab');
  if (first) showTab(first.getAttribute('data-tab'));
  if (location.hash.length > 1) openAnchor(decodeURIComponent(location.hash.slice(1)));
})();
"#;
