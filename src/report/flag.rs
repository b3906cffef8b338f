//! Flags: what an analyst should look at. In: nothing (definitions only).
//! Out: the [`Flag`] type and [`FlagKind`], each kind's stable output code
//! ([`FlagKind::as_str`], written as is in every output) and its Swedish
//! title and description, the one text every output uses.

/// One thing an analyst should look at: where, whose, what kind, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Flag {
    pub plan: String,
    pub owner: String,
    pub kind: FlagKind,
    pub detail: String,
}

/// A kind of flag. The codes ([`FlagKind::as_str`]) are a stable contract of
/// the outputs (flags.csv, report.json, coverage.xlsx …): they never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagKind {
    SaknarFokuskoppling,
    GeneriskValdsformulering,
    MalAvviker,
    TomtMal,
    Olasbar,
    SammaAgareFleraPlaner,
    IngenHandlingsplan,
    MalHarledda,
    MalrubrikOsaker,
    AgareFranFilnamn,
    OcrReparerad,
    SvartSkadadText,
    RattelseEjTillampad,
}

impl FlagKind {
    /// Every kind, in the order of the codebook.
    pub const ALL: [FlagKind; 13] = [
        FlagKind::SaknarFokuskoppling,
        FlagKind::GeneriskValdsformulering,
        FlagKind::MalAvviker,
        FlagKind::TomtMal,
        FlagKind::Olasbar,
        FlagKind::SammaAgareFleraPlaner,
        FlagKind::IngenHandlingsplan,
        FlagKind::MalHarledda,
        FlagKind::MalrubrikOsaker,
        FlagKind::AgareFranFilnamn,
        FlagKind::OcrReparerad,
        FlagKind::SvartSkadadText,
        FlagKind::RattelseEjTillampad,
    ];

    /// The kind's code as every output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::SaknarFokuskoppling => "saknar_fokuskoppling",
            FlagKind::GeneriskValdsformulering => "generisk_valdsformulering",
            FlagKind::MalAvviker => "mal_avviker",
            FlagKind::TomtMal => "tomt_mal",
            FlagKind::Olasbar => "olasbar",
            FlagKind::SammaAgareFleraPlaner => "samma_agare_flera_planer",
            FlagKind::IngenHandlingsplan => "ingen_handlingsplan",
            FlagKind::MalHarledda => "mal_harledda",
            FlagKind::MalrubrikOsaker => "malrubrik_osaker",
            FlagKind::AgareFranFilnamn => "agare_fran_filnamn",
            FlagKind::OcrReparerad => "ocr_reparerad",
            FlagKind::SvartSkadadText => "svart_skadad_text",
            FlagKind::RattelseEjTillampad => "rattelse_ej_tillampad",
        }
    }

    /// What the kind means: a short title and a description for the reader
    /// (the draft's headings, report.html's tooltips, report.json's `flag_kinds`).
    pub fn meaning(self) -> (&'static str, &'static str) {
        match self {
            FlagKind::SaknarFokuskoppling => (
                "Saknar tydlig koppling till fokusområdena",
                "Färre än hälften av ägarens egna aktiviteter nämner ett fokusområde",
            ),
            FlagKind::GeneriskValdsformulering => (
                "Endast generiska våldsformuleringar",
                "Aktiviteten nämner bara våld i allmänna ordalag, inget fokusområde",
            ),
            FlagKind::MalAvviker => (
                "Innehållet passar bättre under ett annat inriktningsmål",
                "Aktivitetens ord pekar tydligt på ett annat inriktningsmål än avsnittet den står i; planens mål behålls",
            ),
            FlagKind::TomtMal => (
                "Inriktningsmål utan egna aktiviteter",
                "Ett inriktningsmål utan egna aktiviteter",
            ),
            FlagKind::Olasbar => (
                "Filer som inte kunde läsas",
                "Filen kunde inte läsas, eller bara delvis",
            ),
            FlagKind::SammaAgareFleraPlaner => (
                "Flera planer från samma ägare",
                "Samma ägare har lämnat flera planer; identiska aktiviteter räknas en gång",
            ),
            FlagKind::IngenHandlingsplan => (
                "Ingen handlingsplan hittades",
                "Inga inriktningsmål eller aktiviteter hittades",
            ),
            FlagKind::MalHarledda => (
                "Planer utan målrubriker",
                "Planen saknar målrubriker; målen är härledda ur innehållet",
            ),
            FlagKind::MalrubrikOsaker => (
                "Osäkert lästa målrubriker",
                "Målrubrikens nummer och ord pekar på olika mål, numret är inget av målen eller orden liknar målet bara delvis; målet som lästes behålls, kontrollera rubriken",
            ),
            FlagKind::AgareFranFilnamn => (
                "Ägaren hittades inte i texten",
                "Ägaren hittades inte i texten; filnamnet används",
            ),
            FlagKind::OcrReparerad => (
                "OCR-skadad text som har lagats",
                "OCR-skadad text som har lagats",
            ),
            FlagKind::SvartSkadadText => (
                "Svårt skadad text",
                "Stora delar av texten kunde inte läsas eller lagas",
            ),
            FlagKind::RattelseEjTillampad => (
                "Rättelser som inte kunde tillämpas",
                "En rad i rättelsefilen matchar ingen aktivitet eller kod",
            ),
        }
    }

    /// The kind's title (the draft's heading).
    pub fn title(self) -> &'static str {
        self.meaning().0
    }

    /// The kind's description (report.html's tooltip, report.json's
    /// `flag_kinds`, the draft's lead).
    pub fn description(self) -> &'static str {
        self.meaning().1
    }
}

impl std::fmt::Display for FlagKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Flags sort by their code, as they did when kinds were strings.
/// A kind equals its code: `kind == "olasbar"` reads as the output does.
impl PartialEq<&str> for FlagKind {
    fn eq(&self, code: &&str) -> bool {
        self.as_str() == *code
    }
}

impl Ord for FlagKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for FlagKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Written as its code.
impl serde::Serialize for FlagKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::FlagKind;

    #[test]
    fn every_kind_has_its_code_a_title_and_a_description() {
        let mut codes: Vec<&str> = FlagKind::ALL.iter().map(|k| k.as_str()).collect();
        for k in FlagKind::ALL {
            assert!(!k.title().is_empty(), "{k}");
            assert!(!k.description().is_empty(), "{k}");
            assert_eq!(k.to_string(), k.as_str());
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::json!(k.as_str()))
            );
        }
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), FlagKind::ALL.len());
    }
}
