//! `report.html`: one self-contained page an analyst opens in a browser.
//!
//! In: the [`Analysis`]. Out: the bytes of one HTML file with everything inline
//! (styles, script, data); it loads nothing from anywhere. The summary and goal
//! counts come first, then the coverage matrices as heat maps (a click on a cell
//! lists its activities with the words that decided the code), the gaps, the
//! flags and every plan's text with its OCR corrections marked.
//!
//! Here: the page and its summary sections (counts, charts, matrices, gaps,
//! flags, owners) and the script's data; [`plan`] renders each plan's own
//! section (text, corrections, activity entries) as the plan finishes; the
//! styles and script are `assets/report.css` and `assets/report.js`.
//!
//! Every piece of document text goes through [`escape`]; the data the script
//! needs is embedded as JSON with `<`, `>` and `&` written as `\u003c` … so no
//! text of a plan can end the script element. Same analysis, same bytes.

mod plan;

use super::{Analysis, Matrix};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::io;

pub use plan::{act_entry, failed_plan_section, plan_section};

/// The page's styles and script, kept as files of their own.
const CSS: &str = include_str!("assets/report.css");
const JS: &str = include_str!("assets/report.js");

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
        match kinds.iter_mut().find(|(k, _)| *k == f.kind.as_str()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((f.kind.as_str(), 1)),
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
            escape(f.kind.as_str()),
            f.plan
                .split(';')
                .map(escape)
                .collect::<Vec<_>>()
                .join("<br>"),
            escape(&f.owner),
            escape(f.kind.description()),
            escape(f.kind.as_str()),
            escape(&f.detail)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
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
