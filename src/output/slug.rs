//! Safe directory names from scenario names (`output/<slug>/`).
//!
//! A scenario name is free text written by a user — or by anyone who sends a
//! student a scenario file — so it must never reach the file system as given:
//! `../../etc` or `C:\x` would escape `output/`. The slug keeps only lower-case
//! ASCII letters, digits and single inner hyphens, which is safe and portable on
//! every file system, and readable: common Latin accents are transliterated so
//! "Équilibre de la Méditerranée" stays recognisable.

/// Longest slug, in bytes (all of them ASCII).
pub const MAX_SLUG_LEN: usize = 64;

/// The name used when nothing usable is left of the input.
const FALLBACK: &str = "scenario";

/// A safe, non-empty directory name matching `^[a-z0-9]+(-[a-z0-9]+)*$`, at most 64 characters.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len().min(MAX_SLUG_LEN));
    // Start as if after a hyphen so leading separators vanish.
    let mut last_was_hyphen = true;
    let mut push = |piece: &str, out: &mut String| {
        for b in piece.bytes() {
            if b == b'-' {
                if !last_was_hyphen {
                    out.push('-');
                    last_was_hyphen = true;
                }
            } else {
                out.push(b as char);
                last_was_hyphen = false;
            }
        }
    };
    for c in name.chars() {
        if out.len() >= MAX_SLUG_LEN {
            break;
        }
        // Lower-casing first lets one table serve both cases; 'İ' lower-cases to
        // 'i' plus a combining dot, which `latin` drops like other combining marks.
        for lower in c.to_lowercase() {
            push(latin(lower), &mut out);
        }
    }
    out.truncate(MAX_SLUG_LEN);
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        FALLBACK.to_string()
    } else {
        out
    }
}

/// The ASCII spelling of one lower-case character: itself if it is a letter or
/// digit, a transliteration for common Latin letters, nothing for combining
/// accents (so decomposed "e\u{301}" reads "e"), and a hyphen otherwise.
fn latin(c: char) -> &'static str {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        return ASCII_ALNUM[ascii_index(c)];
    }
    match c {
        '\u{0300}'..='\u{036f}' => "",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "-",
    }
}

/// Static one-character strings for ASCII letters and digits, so `latin` can
/// return `&'static str` without allocating.
const ASCII_ALNUM: [&str; 36] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
];

fn ascii_index(c: char) -> usize {
    match c {
        'a'..='z' => c as usize - 'a' as usize,
        _ => 26 + (c as usize - '0' as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks `^[a-z0-9]+(-[a-z0-9]+)*$` without a regex engine.
    fn well_formed(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    #[test]
    fn ordinary_names() {
        assert_eq!(slug("Two blocs"), "two-blocs");
        assert_eq!(slug("Europe 1914"), "europe-1914");
        assert_eq!(slug("hub_and_spoke (v2)"), "hub-and-spoke-v2");
        assert_eq!(slug("already-a-slug"), "already-a-slug");
    }

    #[test]
    fn accents_are_transliterated() {
        assert_eq!(
            slug("Équilibre de la Méditerranée"),
            "equilibre-de-la-mediterranee"
        );
        assert_eq!(slug("Düsseldorf Straße"), "dusseldorf-strasse");
        assert_eq!(slug("Français Ñandú"), "francais-nandu");
        assert_eq!(slug("Øresund Åland Ærø"), "oresund-aland-aero");
        assert_eq!(slug("İstanbul ılık Ağrı Şişli"), "istanbul-ilik-agri-sisli");
        assert_eq!(slug("Łódź Kraków"), "lodz-krakow");
        assert_eq!(slug("Ţara Românească"), "tara-romaneasca");
        // Decomposed accents (e + combining acute) read the same as composed ones.
        assert_eq!(slug("Cafe\u{301}"), "cafe");
    }

    #[test]
    fn hostile_names_cannot_escape() {
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug(".."), "scenario");
        assert_eq!(slug("."), "scenario");
        assert_eq!(slug("/etc/passwd"), "etc-passwd");
        assert_eq!(slug("C:\\Windows\\System32"), "c-windows-system32");
        assert_eq!(slug("a\0b\nc\td"), "a-b-c-d");
        assert_eq!(slug("~user/$HOME`rm -rf`"), "user-home-rm-rf");
        assert_eq!(slug("CON"), "con");
    }

    #[test]
    fn empty_and_symbol_only_names_fall_back() {
        assert_eq!(slug(""), "scenario");
        assert_eq!(slug("   "), "scenario");
        assert_eq!(slug("!!!---???"), "scenario");
        assert_eq!(slug("战争与和平"), "scenario");
        assert_eq!(slug("Война и мир 2"), "2");
    }

    #[test]
    fn separators_collapse_and_trim() {
        assert_eq!(slug("  --a  ..  b--  "), "a-b");
        assert_eq!(slug("a - - - b"), "a-b");
    }

    #[test]
    fn long_names_are_cut_without_a_trailing_hyphen() {
        let long = "alliance ".repeat(30);
        let s = slug(&long);
        assert!(s.len() <= MAX_SLUG_LEN);
        assert!(s.starts_with("alliance-alliance"));
        assert!(well_formed(&s), "{s}");
        // A hyphen that would fall exactly at the cut is dropped.
        let name = format!("{} tail", "a".repeat(MAX_SLUG_LEN));
        assert_eq!(slug(&name), "a".repeat(MAX_SLUG_LEN));
        let name = format!("{} tail", "a".repeat(MAX_SLUG_LEN - 1));
        assert_eq!(slug(&name), "a".repeat(MAX_SLUG_LEN - 1));
        // Expansions (ß → ss) near the limit still respect it.
        assert_eq!(slug(&"ß".repeat(100)).len(), MAX_SLUG_LEN);
    }

    proptest! {
        #[test]
        fn always_well_formed(name in any::<String>()) {
            let s = slug(&name);
            prop_assert!(well_formed(&s), "{:?} -> {:?}", name, s);
            prop_assert!(s.len() <= MAX_SLUG_LEN);
        }

        #[test]
        fn well_formed_from_path_like_names(name in "[./\\\\a-zA-Zéß _-]{0,100}") {
            let s = slug(&name);
            prop_assert!(well_formed(&s), "{:?} -> {:?}", name, s);
            prop_assert_eq!(slug(&s), s.clone());
        }
    }
}
