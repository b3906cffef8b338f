//! Swedish as the follow-up report writes it: numbers in words up to twelve,
//! the right form for none, one and many, lists joined with "och".
//!
//! Every sentence the outputs and the command line make from a count goes
//! through here, so "inga nya", "1 plan läst" and "Tre förvaltningar har …"
//! are decided in one place.

/// A countable noun: its singular and plural, and whether it is neuter
/// (ett-ord: "ett bolag", "inget bolag").
#[derive(Debug, Clone, Copy)]
pub struct Noun<'a> {
    pub one: &'a str,
    pub many: &'a str,
    pub neuter: bool,
}

pub const PLAN: Noun<'static> = Noun {
    one: "plan",
    many: "planer",
    neuter: false,
};
pub const ACTIVITY: Noun<'static> = Noun {
    one: "aktivitet",
    many: "aktiviteter",
    neuter: false,
};
pub const DEPARTMENT: Noun<'static> = Noun {
    one: "förvaltning",
    many: "förvaltningar",
    neuter: false,
};
pub const COMPANY: Noun<'static> = Noun {
    one: "bolag",
    many: "bolag",
    neuter: true,
};
pub const FILE: Noun<'static> = Noun {
    one: "fil",
    many: "filer",
    neuter: false,
};
pub const FLAG: Noun<'static> = Noun {
    one: "flagga",
    many: "flaggor",
    neuter: false,
};
pub const DOCUMENT: Noun<'static> = Noun {
    one: "dokument",
    many: "dokument",
    neuter: true,
};

/// Numbers written as words: one to twelve, as Swedish style guides (and the
/// city's follow-up) write them; larger numbers are digits.
const WORDS: [&str; 13] = [
    "noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
];

/// A number as the follow-up writes it: "en"/"ett" … "tolv", then digits.
/// Zero is "ingen"/"inget" (before a singular noun; see [`count`] for "inga").
pub fn number_word(n: usize, neuter: bool) -> String {
    match n {
        0 if neuter => "inget".into(),
        0 => "ingen".into(),
        1 if neuter => "ett".into(),
        n if n < WORDS.len() => WORDS[n].into(),
        n => n.to_string(),
    }
}

/// A count with its noun in words: "inga aktiviteter", "en aktivitet",
/// "tre aktiviteter", "25 aktiviteter".
pub fn count(n: usize, noun: Noun<'_>) -> String {
    match n {
        0 => format!("inga {}", noun.many),
        1 => format!("{} {}", number_word(1, noun.neuter), noun.one),
        n => format!("{} {}", number_word(n, noun.neuter), noun.many),
    }
}

/// A count with an adjective before its noun: "inga egna aktiviteter", "en
/// egen aktivitet", "tre egna aktiviteter".
pub fn count_qualified(n: usize, one: &str, many: &str, noun: Noun<'_>) -> String {
    match n {
        0 => format!("inga {many} {}", noun.many),
        1 => format!("{} {one} {}", number_word(1, noun.neuter), noun.one),
        n => format!("{} {many} {}", number_word(n, noun.neuter), noun.many),
    }
}

/// A count with its noun in digits, for the command line: "1 plan", "0 planer".
pub fn count_digits(n: usize, noun: Noun<'_>) -> String {
    format!("{n} {}", if n == 1 { noun.one } else { noun.many })
}

/// An adjective or participle after a count: "inga nya", "en ny", "tre nya";
/// `one` is the singular form for a non-neuter noun, `many` the plural.
pub fn count_adjective(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("inga {many}"),
        1 => format!("en {one}"),
        n => format!("{} {many}", number_word(n, false)),
    }
}

pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "A", "A och B", "A, B och C".
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// Who has something, as the subject of a sentence: "Åtta förvaltningar",
/// "Fem förvaltningar och MKB Fastighets AB", "MKB Fastighets AB", "En
/// förvaltning"; `companies` are named, departments counted.
pub fn owners_subject(departments: usize, companies: &[String]) -> String {
    let counted = match departments {
        0 => None,
        n => Some(capitalised(&count(n, DEPARTMENT))),
    };
    match (counted, companies.is_empty()) {
        (None, true) => "Ingen förvaltning eller inget bolag".to_owned(),
        (None, false) => list(companies),
        (Some(d), true) => d,
        (Some(d), false) => {
            let mut all = vec![d];
            all.extend(companies.iter().cloned());
            list(&all)
        }
    }
}

/// A group of owners as a noun phrase: "tre förvaltningar", "tre
/// förvaltningar och ett bolag", "inga förvaltningar eller bolag".
pub fn owners_phrase(departments: usize, companies: usize) -> String {
    match (departments, companies) {
        (0, 0) => "inga förvaltningar eller bolag".to_owned(),
        (d, 0) => count(d, DEPARTMENT),
        (0, c) => count(c, COMPANY),
        (d, c) => format!("{} och {}", count(d, DEPARTMENT), count(c, COMPANY)),
    }
}

/// Seconds as Swedish writes them: a decimal comma.
pub fn seconds(s: f64) -> String {
    format!("{s:.1}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_swedish() {
        assert_eq!(number_word(8, false), "åtta");
        assert_eq!(number_word(1, true), "ett");
        assert_eq!(number_word(0, true), "inget");
        assert_eq!(number_word(12, false), "tolv");
        assert_eq!(number_word(13, false), "13");
        assert_eq!(number_word(25, false), "25");
    }

    #[test]
    fn none_one_and_many() {
        assert_eq!(count(0, ACTIVITY), "inga aktiviteter");
        assert_eq!(count(1, ACTIVITY), "en aktivitet");
        assert_eq!(count(1, COMPANY), "ett bolag");
        assert_eq!(count(5, ACTIVITY), "fem aktiviteter");
        assert_eq!(count(41, ACTIVITY), "41 aktiviteter");
        assert_eq!(
            count_qualified(1, "egen", "egna", ACTIVITY),
            "en egen aktivitet"
        );
        assert_eq!(
            count_qualified(0, "egen", "egna", ACTIVITY),
            "inga egna aktiviteter"
        );
        assert_eq!(count_digits(1, PLAN), "1 plan");
        assert_eq!(count_digits(0, PLAN), "0 planer");
        assert_eq!(count_adjective(0, "ny", "nya"), "inga nya");
        assert_eq!(count_adjective(1, "borttagen", "borttagna"), "en borttagen");
        assert_eq!(count_adjective(3, "ny", "nya"), "tre nya");
    }

    #[test]
    fn lists_and_subjects() {
        assert_eq!(list(&["A".into(), "B".into(), "C".into()]), "A, B och C");
        assert_eq!(list(&["A".into()]), "A");
        let mkb = ["MKB Fastighets AB".to_owned()];
        assert_eq!(owners_subject(8, &[]), "Åtta förvaltningar");
        assert_eq!(owners_subject(3, &[]), "Tre förvaltningar");
        assert_eq!(owners_subject(1, &[]), "En förvaltning");
        assert_eq!(
            owners_subject(5, &mkb),
            "Fem förvaltningar och MKB Fastighets AB"
        );
        assert_eq!(owners_subject(0, &mkb), "MKB Fastighets AB");
        assert_eq!(
            owners_subject(0, &[]),
            "Ingen förvaltning eller inget bolag"
        );
        assert_eq!(owners_phrase(3, 0), "tre förvaltningar");
        assert_eq!(owners_phrase(3, 1), "tre förvaltningar och ett bolag");
        assert_eq!(seconds(0.44), "0,4");
    }
}
